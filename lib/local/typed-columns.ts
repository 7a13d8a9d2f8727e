/** The typed arrays a column can be. */
type ColumnType = Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor;

/** The columns `typedColumns` made for a spec, by name. */
export type TypedColumns<S extends Readonly<Record<string, ColumnType>>> = { readonly [K in keyof S]: InstanceType<S[K]> };

/**
 * Columns of `rows` numbers each, one per entry of `spec` (its name and typed array), in one
 * buffer: one allocation, outside the JavaScript heap (nothing for the garbage collector to copy
 * or scan). The layout follows from the types, the widest first, so every column is aligned.
 */
export function typedColumns<S extends Readonly<Record<string, ColumnType>>>(rows: number, spec: S): TypedColumns<S> {
  const columns = Object.entries(spec).sort(([, a], [, b]) => b.BYTES_PER_ELEMENT - a.BYTES_PER_ELEMENT);
  const buffer = new ArrayBuffer(columns.reduce((bytes, [, type]) => bytes + type.BYTES_PER_ELEMENT * rows, 0));
  const out: Record<string, Float64Array | Int32Array | Uint8Array> = {};
  let offset = 0;
  for (const [name, type] of columns) {
    out[name] = new type(buffer, offset, rows);
    offset += type.BYTES_PER_ELEMENT * rows;
  }
  return out as TypedColumns<S>;
}
