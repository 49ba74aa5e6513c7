// Every built-in pass over every function of the stdlib sample, shard 2 of 2 (see helpers/stdlib-suite.ts).
import { describeStdlibShard } from "./helpers/stdlib-suite.js";

describeStdlibShard(1, 2);
