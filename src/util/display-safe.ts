/**
 * Text from outside (file names above all) made safe to print on a terminal or keep in a display field: C0 and C1
 * control characters (ESC starts the escape sequences a terminal obeys), DEL and the bidirectional controls that can
 * make a name read differently from what it is are each replaced by "?". Plain text, Vietnamese included, is kept.
 */

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const HAS_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export function displaySafe(s: string): string {
  return HAS_UNSAFE.test(s) ? s.replace(UNSAFE, "?") : s;
}
