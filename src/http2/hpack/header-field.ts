// What the HPACK decoder hands out: fields with latin1 strings (one char per wire byte, lossless),
// and placeholders where the decoder cannot know the field.

/** Name given to a field whose name the decoder cannot know (never a real header name). */
export const UNKNOWN_FIELD_NAME = ':unknown';

export interface HeaderField {
  name: string;
  value: string;
  /**
   * Set on placeholders: `field` = neither name nor value is known (an index into a table entry
   * this decoder never saw; `value` is ''); `name` = the value is a decoded literal but its
   * indexed name is unknown. Absent on every field that is known to be right.
   */
  unknown?: 'field' | 'name';
  /** Sent as "never indexed" (sensitive, e.g. an authorization header). */
  neverIndexed?: boolean;
}

export function isPlaceholder(field: HeaderField): boolean {
  return field.unknown !== undefined;
}
