/**
 * Just enough of the ONNX protobuf encoding to build the small scoring graphs of scorer-graph.ts in memory and
 * hand them to onnxruntime as bytes. Why by hand: the wire format is a few rules (varint keys, length-delimited
 * sub-messages) and the graphs use a handful of fields; the npm packages that carry the full schema (onnx-proto)
 * are unmaintained and pull in an old protobufjs. onnxruntime loading the bytes is the test of this file.
 *
 * | message          | fields used (number: name)                                                           |
 * |------------------|--------------------------------------------------------------------------------------|
 * | ModelProto       | 1 ir_version, 2 producer_name, 7 graph, 8 opset_import                               |
 * | OperatorSetId    | 1 domain, 2 version                                                                  |
 * | GraphProto       | 1 node, 2 name, 5 initializer, 11 input, 12 output                                   |
 * | NodeProto        | 1 input, 2 output, 3 name, 4 op_type, 5 attribute                                    |
 * | AttributeProto   | 1 name, 2 f, 3 i, 8 ints, 20 type (FLOAT 1, INT 2, INTS 7)                           |
 * | TensorProto      | 1 dims, 2 data_type (FLOAT 1, INT32 6, INT64 7), 8 name, 9 raw_data (little-endian)   |
 * | ValueInfoProto   | 1 name, 2 type → TypeProto 1 tensor_type → 1 elem_type, 2 shape → 1 dim → 1 value | 2 param |
 */

export const ONNX_FLOAT = 1;
export const ONNX_INT32 = 6;
export const ONNX_INT64 = 7;

type Field = Uint8Array;

const encoder = new TextEncoder();

function varint(value: number | bigint): number[] {
  // int64 fields: negative values are ten bytes of two's complement
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}


const intField = (no: number, value: number | bigint): Field => Uint8Array.from([...varint(no << 3), ...varint(value)]);
const bytesField = (no: number, bytes: Uint8Array): Field => Buffer.concat([Uint8Array.from([...varint((no << 3) | 2), ...varint(bytes.length)]), bytes]);
const stringField = (no: number, s: string): Field => bytesField(no, encoder.encode(s));
const message = (no: number, fields: Field[]): Field => bytesField(no, Buffer.concat(fields));
function floatField(no: number, value: number): Field {
  const b = new Uint8Array(5);
  b[0] = (no << 3) | 5;
  new DataView(b.buffer).setFloat32(1, value, true);
  return b;
}

export type Attribute = { name: string; f: number } | { name: string; i: number } | { name: string; ints: number[] };

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Attribute[];
}

export interface TensorSpec {
  name: string;
  dims: number[];
  type: typeof ONNX_FLOAT | typeof ONNX_INT64;
  /** float32 or int64 values, row-major */
  values: ArrayLike<number>;
}

export interface ValueSpec {
  name: string;
  type: typeof ONNX_FLOAT | typeof ONNX_INT32 | typeof ONNX_INT64;
  /** a number is a fixed size, a string a symbolic one (e.g. the batch) */
  shape: Array<number | string>;
}

export interface GraphSpec {
  name: string;
  nodes: NodeSpec[];
  initializers: TensorSpec[];
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  opset: number;
}

function attribute(a: Attribute): Field[] {
  const name = stringField(1, a.name);
  if ('f' in a) return [name, floatField(2, a.f), intField(20, 1)];
  if ('i' in a) return [name, intField(3, a.i), intField(20, 2)];
  return [name, ...a.ints.map((v) => intField(8, v)), intField(20, 7)];
}

function tensor(t: TensorSpec): Field[] {
  const raw = t.type === ONNX_FLOAT ? new Uint8Array(Float32Array.from(t.values).buffer) : new Uint8Array(BigInt64Array.from(Array.from(t.values, (v) => BigInt(v))).buffer);
  return [...t.dims.map((d) => intField(1, d)), intField(2, t.type), stringField(8, t.name), bytesField(9, raw)];
}

function valueInfo(v: ValueSpec): Field[] {
  const dims = v.shape.map((d) => message(1, [typeof d === 'number' ? intField(1, d) : stringField(2, d)]));
  return [stringField(1, v.name), message(2, [message(1, [intField(1, v.type), message(2, dims)])])];
}

/** The serialised ModelProto (IR version 8, default domain at `opset`). */
export function encodeModel(g: GraphSpec): Uint8Array {
  const graph = [
    ...g.nodes.map((n, i) =>
      message(1, [
        ...n.inputs.map((s) => stringField(1, s)),
        ...n.outputs.map((s) => stringField(2, s)),
        stringField(3, `${n.op}_${i}`),
        stringField(4, n.op),
        ...(n.attributes ?? []).map((a) => message(5, attribute(a))),
      ]),
    ),
    stringField(2, g.name),
    ...g.initializers.map((t) => message(5, tensor(t))),
    ...g.inputs.map((v) => message(11, valueInfo(v))),
    ...g.outputs.map((v) => message(12, valueInfo(v))),
  ];
  return Buffer.concat([intField(1, 8), stringField(2, 'ecg-tlc'), message(7, graph), message(8, [stringField(1, ''), intField(2, g.opset)])]);
}
