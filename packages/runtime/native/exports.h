#ifndef PYJC_EXPORTS_H
#define PYJC_EXPORTS_H

#include <stdint.h>

typedef struct {
    const char *name;
    int64_t value;
} pyjc_layout_entry;

typedef struct {
    const char *name;
    const void *addr;
} pyjc_symbol_entry;

typedef void (*pyjc_layout_visitor)(const char *name, int64_t value, void *ctx);
typedef void (*pyjc_symbol_visitor)(const char *name, const void *addr, void *ctx);

void pyjc_each_layout(pyjc_layout_visitor visit, void *ctx);
void pyjc_each_symbol(pyjc_symbol_visitor visit, void *ctx);

#endif /* PYJC_EXPORTS_H */
