{
  # The runtime shim: an N-API addon linked against Debian's libpython3.11.
  # Flags come from /usr/bin/python3.11-config by absolute path, never from
  # whatever python3 is first on PATH (pyenv, venvs).
  "targets": [
    {
      "target_name": "pyjc_runtime",
      "sources": [
        "native/addon.c",
        "native/codemem.c",
        "native/embed.c",
        "native/exports.c",
        "native/helpers.c",
        "native/hook.c",
        "native/host.c",
        "native/materialize.c",
        "native/module.c",
        "native/request.c",
        "native/sem_build.c",
        "native/sem_except.c",
        "native/sem_exgroup.c",
        "native/sem_import.c",
        "native/sem_match.c",
        "native/sem_names.c",
        "native/sem_unpack.c",
        "native/sem_native.c",
        "native/testing.c",
        "native/trampoline.c"
      ],
      "cflags": [
        "<!@(/usr/bin/python3.11-config --includes)",
        "-std=gnu11",
        "-Wall",
        "-Wextra",
        "-Wno-unused-parameter",
        "-Wno-missing-field-initializers",
        "-fno-strict-aliasing"
      ],
      "cflags_c": ["-std=gnu11"],
      "libraries": ["<!@(/usr/bin/python3.11-config --embed --ldflags)"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
