export * from "./encoder/index.js";
