import protobuf from "protobufjs";

/**
 * The slice of onnx.proto (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto) that the model library shows.
 * Field numbers are upstream's. `ModelHeader` is ModelProto without its graph; `GraphHeader` is GraphProto
 * without nodes and initializers, so the weights never enter a decoder. Kept as a string rather than a .proto
 * file so that bundling the main process cannot leave it behind.
 */
const ONNX_HEADER_PROTO = `
syntax = "proto2";
package onnx;

message ModelHeader {
  optional int64 ir_version = 1;
  optional string producer_name = 2;
  optional string producer_version = 3;
  optional string domain = 4;
  optional int64 model_version = 5;
  repeated OperatorSetIdProto opset_import = 8;
}

message GraphHeader {
  optional string name = 2;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}

message OperatorSetIdProto {
  optional string domain = 1;
  optional int64 version = 2;
}

message ValueInfoProto {
  optional string name = 1;
  optional TypeProto type = 2;
}

message TypeProto {
  message Tensor {
    optional int32 elem_type = 1;
    optional TensorShapeProto shape = 2;
  }
  message Sequence { optional TypeProto elem_type = 1; }
  message Map {
    optional int32 key_type = 1;
    optional TypeProto value_type = 2;
  }
  message Optional { optional TypeProto elem_type = 1; }
  oneof value {
    Tensor tensor_type = 1;
    Sequence sequence_type = 4;
    Map map_type = 5;
    Tensor sparse_tensor_type = 8;
    Optional optional_type = 9;
  }
}

message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
  }
  repeated Dimension dim = 1;
}
`;

const root = protobuf.parse(ONNX_HEADER_PROTO, { keepCase: true }).root;

/** Decoders for the two header messages; their field numbers also tell the file walker which fields to keep. */
export const onnxHeaderProto = {
  ModelHeader: root.lookupType("onnx.ModelHeader"),
  GraphHeader: root.lookupType("onnx.GraphHeader"),
  /** ModelProto.graph: located in the file, then read field by field. */
  GRAPH_FIELD: 7,
} as const;
