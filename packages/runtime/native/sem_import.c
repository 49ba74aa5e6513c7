/*
 * IMPORT_NAME, IMPORT_FROM and IMPORT_STAR: 3.11 Python/ceval.c's
 * import_name, import_from and import_all_from, with their exact messages.
 */
#include "semantics.h"

#include <frameobject.h>

/* import_name: builtins.__import__, called directly through
 * PyImport_ImportModuleLevelObject unless a program replaced it. */
PyObject *pyjc_import_name(_PyInterpreterFrame *frame, PyObject *name, PyObject *fromlist,
                           PyObject *level)
{
    _Py_IDENTIFIER(__import__);
    PyObject *key = _PyUnicode_FromId(&PyId___import__); /* borrowed */
    PyObject *import_func = key != NULL ? PyDict_GetItemWithError(frame->f_builtins, key) : NULL;
    if (import_func == NULL) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_ImportError, "__import__ not found");
        }
        return NULL;
    }
    PyObject *locals = frame->f_locals != NULL ? frame->f_locals : Py_None;
    if (import_func == PyThreadState_Get()->interp->import_func) {
        int ilevel = _PyLong_AsInt(level);
        if (ilevel == -1 && PyErr_Occurred()) {
            return NULL;
        }
        return PyImport_ImportModuleLevelObject(name, frame->f_globals, locals, fromlist, ilevel);
    }
    Py_INCREF(import_func); /* the call may replace builtins.__import__ */
    PyObject *args[5] = {name, frame->f_globals, locals, fromlist, level};
    PyObject *res = PyObject_Vectorcall(import_func, args, 5, NULL);
    Py_DECREF(import_func);
    return res;
}

/* The ImportError of import_from when the name is missing; steals pkgname
 * (NULL when the module has no str __name__). */
static PyObject *cannot_import(PyObject *module, PyObject *name, PyObject *pkgname)
{
    PyObject *pkgpath = PyModule_GetFilenameObject(module);
    PyObject *shown = pkgname != NULL ? Py_NewRef(pkgname)
                                      : PyUnicode_FromString("<unknown module name>");
    if (shown == NULL) {
        Py_XDECREF(pkgpath);
        Py_XDECREF(pkgname);
        return NULL;
    }
    PyObject *msg;
    if (pkgpath == NULL || !PyUnicode_Check(pkgpath)) {
        PyErr_Clear();
        msg = PyUnicode_FromFormat("cannot import name %R from %R (unknown location)", name, shown);
        PyErr_SetImportError(msg, pkgname, NULL);
    }
    else {
        PyObject *spec = PyObject_GetAttrString(module, "__spec__");
        const char *fmt = _PyModuleSpec_IsInitializing(spec)
            ? "cannot import name %R from partially initialized module %R "
              "(most likely due to a circular import) (%S)"
            : "cannot import name %R from %R (%S)";
        Py_XDECREF(spec);
        msg = PyUnicode_FromFormat(fmt, name, shown, pkgpath);
        PyErr_SetImportError(msg, pkgname, pkgpath);
    }
    Py_XDECREF(msg);
    Py_DECREF(shown);
    Py_XDECREF(pkgname);
    Py_XDECREF(pkgpath);
    return NULL;
}

/* import_from: the attribute, else sys.modules["<module.__name__>.<name>"]
 * (a submodule whose import is still running: circular relative imports). */
PyObject *pyjc_import_from(PyObject *module, PyObject *name)
{
    PyObject *x;
    if (_PyObject_LookupAttr(module, name, &x) != 0) {
        return x;
    }
    PyObject *pkgname = PyObject_GetAttrString(module, "__name__");
    if (pkgname == NULL || !PyUnicode_Check(pkgname)) {
        Py_CLEAR(pkgname);
        return cannot_import(module, name, NULL);
    }
    PyObject *fullname = PyUnicode_FromFormat("%U.%U", pkgname, name);
    if (fullname == NULL) {
        Py_DECREF(pkgname);
        return NULL;
    }
    x = PyImport_GetModule(fullname);
    Py_DECREF(fullname);
    if (x == NULL && !PyErr_Occurred()) {
        return cannot_import(module, name, pkgname);
    }
    Py_DECREF(pkgname);
    return x;
}

/* The TypeError of import_all_from for a non-str name. */
static void bad_star_name(PyObject *module, PyObject *name, bool from_dict)
{
    PyObject *modname = PyObject_GetAttrString(module, "__name__");
    if (modname == NULL) {
        return;
    }
    if (!PyUnicode_Check(modname)) {
        PyErr_Format(PyExc_TypeError, "module __name__ must be a string, not %.100s",
                     Py_TYPE(modname)->tp_name);
    }
    else {
        PyErr_Format(PyExc_TypeError, "%s in %U.%s must be str, not %.100s",
                     from_dict ? "Key" : "Item", modname, from_dict ? "__dict__" : "__all__",
                     Py_TYPE(name)->tp_name);
    }
    Py_DECREF(modname);
}

/* import_all_from: the names in __all__, else the public keys of __dict__. */
static int import_all_from(PyObject *locals, PyObject *module)
{
    _Py_IDENTIFIER(__all__);
    _Py_IDENTIFIER(__dict__);
    PyObject *all, *dict;
    bool from_dict = false;
    if (_PyObject_LookupAttrId(module, &PyId___all__, &all) < 0) {
        return -1;
    }
    if (all == NULL) {
        if (_PyObject_LookupAttrId(module, &PyId___dict__, &dict) < 0) {
            return -1;
        }
        if (dict == NULL) {
            PyErr_SetString(PyExc_ImportError, "from-import-* object has no __dict__ and no __all__");
            return -1;
        }
        all = PyMapping_Keys(dict);
        Py_DECREF(dict);
        if (all == NULL) {
            return -1;
        }
        from_dict = true;
    }
    int err = 0;
    for (Py_ssize_t pos = 0;; pos++) {
        PyObject *name = PySequence_GetItem(all, pos);
        if (name == NULL) {
            if (PyErr_ExceptionMatches(PyExc_IndexError)) {
                PyErr_Clear();
            }
            else {
                err = -1;
            }
            break;
        }
        if (!PyUnicode_Check(name)) {
            bad_star_name(module, name, from_dict);
            Py_DECREF(name);
            err = -1;
            break;
        }
        if (from_dict && PyUnicode_READY(name) == -1) {
            Py_DECREF(name);
            err = -1;
            break;
        }
        if (from_dict && PyUnicode_READ_CHAR(name, 0) == '_') {
            Py_DECREF(name);
            continue;
        }
        PyObject *value = PyObject_GetAttr(module, name);
        if (value == NULL) {
            err = -1;
        }
        else {
            err = PyDict_CheckExact(locals) ? PyDict_SetItem(locals, name, value)
                                            : PyObject_SetItem(locals, name, value);
        }
        Py_DECREF(name);
        Py_XDECREF(value);
        if (err != 0) {
            break;
        }
    }
    Py_DECREF(all);
    return err;
}

/* IMPORT_STAR: fast locals to f_locals, import, and back, as the interpreter
 * does. `import *` compiles only at module level, where there are no fast
 * locals and the sync only makes sure f_locals exists; other frames go
 * through their frame object. */
int pyjc_import_star(_PyInterpreterFrame *frame, PyObject *module)
{
    PyFrameObject *f = NULL;
    if (frame->f_code->co_nlocalsplus == 0) {
        if (frame->f_locals == NULL && (frame->f_locals = PyDict_New()) == NULL) {
            return -1;
        }
    }
    else if ((f = pyjc_frame_object(frame)) == NULL || PyFrame_FastToLocalsWithError(f) < 0) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_SystemError, "pyjc: 'import *' in a frame without a frame object");
        }
        return -1;
    }
    if (frame->f_locals == NULL) {
        PyErr_SetString(PyExc_SystemError, "no locals found during 'import *'");
        return -1;
    }
    int err = import_all_from(frame->f_locals, module);
    if (f != NULL) {
        PyFrame_LocalsToFast(f, 0);
    }
    return err;
}
