// protobufjs decodes 64-bit integers to Long objects when the `long` package is
// present. Every id and seq in the protocol fits in 2^53, so plain numbers are
// used everywhere; this must run before the generated module is evaluated.
import $protobuf from "protobufjs/minimal.js";

$protobuf.util.Long = undefined as never;
$protobuf.configure();
