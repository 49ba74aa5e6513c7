/*
 * The N-API side of the host: which JS object answers compile requests and
 * queries, and when it may be called. Only addon.c and host.c see napi types.
 */
#ifndef PYJC_HOST_H
#define PYJC_HOST_H

#ifndef NAPI_VERSION
#define NAPI_VERSION 8
#endif
#include <node_api.h>

#include "pyjc.h"

/* Called whenever the addon is loaded into a JS context. The first one becomes
 * the home context; returns false for any other (a worker thread). */
bool pyjc_host_attach(napi_env env);
/* Only the home thread may run Python or be called back. */
bool pyjc_host_is_home_thread(void);
/* V8's --stack-size in bytes (see host.c). */
void pyjc_host_set_js_stack_size(size_t js_stack_bytes);
/* host may be null/undefined to detach. */
napi_status pyjc_host_set(napi_env env, napi_value host);
/* request.c: NULL on failure with a message in err; never leaves a Python
 * exception set. */
napi_value pyjc_make_request(napi_env env, const pyjc_request_source *src,
                             char *err, size_t errlen);
/* True while a host callback runs: Python must not be re-entered from JS. */
bool pyjc_host_in_callback(void);

#endif /* PYJC_HOST_H */
