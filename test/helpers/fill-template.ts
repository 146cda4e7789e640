/** The template filler lives in src/sample (the sample-data generator and the bench use it too). */
export * from "../../src/sample/fill-template.js";
