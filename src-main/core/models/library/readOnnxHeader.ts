import { closeSync, fstatSync, openSync } from "node:fs";
import { onnxHeaderProto } from "./onnxHeaderProto.js";
import { readProtoFields } from "./readProtoFields.js";

/** A graph input or output. `type` uses onnxruntime's names (`float32`, `int64`), so the two can be compared. */
export interface OnnxValueInfo {
  name: string;
  /** Tensor element type, or `sequence` / `map` / `optional` for non-tensor values, `unknown` if undeclared. */
  type: string;
  /** Per dimension: a size, a symbolic name (`batch`), or null when unknown. Null when no shape is declared. */
  shape: (number | string | null)[] | null;
}

/** What the model library shows of an ONNX model, read from the protobuf without touching the weights. */
export interface OnnxHeader {
  format: "onnx";
  irVersion: number;
  producerName: string | null;
  producerVersion: string | null;
  /** The default (`ai.onnx`) operator set version. */
  opset: number | null;
  opsetImports: { domain: string; version: number }[];
  graphName: string | null;
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

export interface OnnxHeaderResult {
  header?: OnnxHeader;
  /** One line when the file is not a readable ONNX model. */
  problem?: string;
}

/** TensorProto.DataType → onnxruntime-common's Tensor.Type names where it has one. */
const ELEMENT_TYPES: Record<number, string> = {
  1: "float32", 2: "uint8", 3: "int8", 4: "uint16", 5: "int16", 6: "int32", 7: "int64", 8: "string", 9: "bool",
  10: "float16", 11: "float64", 12: "uint32", 13: "uint64", 14: "complex64", 15: "complex128", 16: "bfloat16",
  17: "float8e4m3fn", 18: "float8e4m3fnuz", 19: "float8e5m2", 20: "float8e5m2fnuz", 21: "uint4", 22: "int4",
  23: "float4e2m1",
}; // prettier-ignore

interface DecodedTensorType {
  elem_type?: number;
  shape?: { dim?: { dim_value?: number; dim_param?: string }[] };
}

/** ValueInfoProto as protobufjs's toObject gives it; `value` names the TypeProto oneof member that is set. */
interface DecodedValue {
  name?: string;
  type?: { value?: string; tensor_type?: DecodedTensorType; sparse_tensor_type?: DecodedTensorType };
}

function valueInfo(v: DecodedValue): OnnxValueInfo {
  const tensor = v.type?.tensor_type ?? v.type?.sparse_tensor_type;
  if (!tensor) return { name: v.name ?? "", type: v.type?.value?.replace(/_type$/, "") ?? "unknown", shape: null };
  return {
    name: v.name ?? "",
    type: ELEMENT_TYPES[tensor.elem_type ?? 0] ?? "unknown",
    shape: tensor.shape ? (tensor.shape.dim ?? []).map((d) => d.dim_value ?? d.dim_param ?? null) : null,
  };
}

const toObject = { longs: Number, oneofs: true, arrays: true } as const;

/**
 * Reads an ONNX model's metadata, inputs and outputs. Only ModelProto's small fields and the graph's inputs and
 * outputs are read; nodes and initializers are skipped by seeking, so a multi-gigabyte model costs a few reads
 * and no session (creating one would load the weights). Never throws.
 */
export function readOnnxHeader(path: string): OnnxHeaderResult {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    return { problem: `cannot open (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return { problem: "file is empty" };
    const { ModelHeader, GraphHeader, GRAPH_FIELD } = onnxHeaderProto;
    const top = readProtoFields(fd, 0, size, {
      keep: new Set(Object.keys(ModelHeader.fieldsById).map(Number)),
      locate: new Set([GRAPH_FIELD]),
    });
    const model = ModelHeader.toObject(ModelHeader.decode(top.kept), toObject) as {
      ir_version?: number;
      producer_name?: string;
      producer_version?: string;
      opset_import: { domain?: string; version?: number }[];
    };
    const graphRange = top.located.get(GRAPH_FIELD);
    if (!model.ir_version || !graphRange) return { problem: "not an ONNX model (no IR version or no graph)" };
    const graphFields = readProtoFields(fd, graphRange.start, graphRange.end, {
      keep: new Set(Object.keys(GraphHeader.fieldsById).map(Number)),
    });
    const graph = GraphHeader.toObject(GraphHeader.decode(graphFields.kept), toObject) as {
      name?: string;
      input: DecodedValue[];
      output: DecodedValue[];
    };
    const opsetImports = model.opset_import.map((o) => ({ domain: o.domain ?? "", version: o.version ?? 0 }));
    return {
      header: {
        format: "onnx",
        irVersion: model.ir_version,
        producerName: model.producer_name ?? null,
        producerVersion: model.producer_version ?? null,
        opset: opsetImports.find((o) => o.domain === "" || o.domain === "ai.onnx")?.version ?? null,
        opsetImports,
        graphName: graph.name ?? null,
        inputs: graph.input.map(valueInfo),
        outputs: graph.output.map(valueInfo),
      },
    };
  } catch (e) {
    return { problem: `not an ONNX model (${(e as Error).message.split("\n")[0]})` };
  } finally {
    closeSync(fd);
  }
}
