#ifndef PYJC_EMBED_H
#define PYJC_EMBED_H

#include <stdbool.h>
#include <stddef.h>

/* All return 0 on success or -1 with a message in err. */
int pyjc_initialize(int argc, char **argv, const char *program_name, char *err, size_t errlen);
int pyjc_run_main(int argc, char **argv, const char *program_name, int *exit_status,
                  char *err, size_t errlen);
bool pyjc_is_initialized(void);

/* Both return a malloc'd string: exec returns NULL on success, else the
 * formatted traceback; eval returns str(result) or the traceback (*failed). */
char *pyjc_exec(const char *source, bool *failed);
char *pyjc_eval(const char *expr, bool *failed);

#endif /* PYJC_EMBED_H */
