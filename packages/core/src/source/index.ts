// Getting code objects: the CodeSource interface and its subprocess implementation.

export * from "./code-source.js";
export {
  DEFAULT_PYTHON,
  PythonSubprocessSource,
  type PythonSubprocessSourceOptions,
} from "./python-subprocess-source.js";
