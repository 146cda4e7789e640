/**
 * The version of the consolidated model's schema (model.ts), written into every tong-hop.json. Apart from the schema
 * so that building a model does not load zod: only readers of a tong-hop.json need it.
 */
export const MODEL_SCHEMA_VERSION = 1;
