#ifndef DIRSYNC_CLDAP_SHIM_H
#define DIRSYNC_CLDAP_SHIM_H
#include <lber.h>
#include <ldap.h>

/* Macros that Swift cannot import (casts, addresses of globals): typed accessors. */

static inline const void *dirsync_ldap_opt_on(void) { return LDAP_OPT_ON; }
static inline const void *dirsync_ldap_opt_off(void) { return LDAP_OPT_OFF; }
static inline int dirsync_ldap_scope_subtree(void) { return LDAP_SCOPE_SUBTREE; }
static inline int dirsync_ldap_scope_base(void) { return LDAP_SCOPE_BASE; }
static inline int dirsync_ldap_res_search_entry(void) { return (int)LDAP_RES_SEARCH_ENTRY; }
static inline int dirsync_ldap_res_search_reference(void) { return (int)LDAP_RES_SEARCH_REFERENCE; }
static inline int dirsync_ldap_res_search_result(void) { return (int)LDAP_RES_SEARCH_RESULT; }

/* Puts liblber's read-ahead layer (16 KiB buffer) just above the TCP layer of the bound
   connection. Without it libldap reads every message with two small read(2) calls and
   polls before each ldap_result: ~300k system calls for 100k entries, a third of the
   reader thread's time. Returns 0 on success. Call between operations only (after the
   bind), when no response is in flight. */
static inline int dirsync_ldap_enable_readahead(LDAP *ld) {
    Sockbuf *sb = NULL;
    if (ldap_get_option(ld, LDAP_OPT_SOCKBUF, &sb) != LDAP_OPT_SUCCESS || sb == NULL) return -1;
    return ber_sockbuf_add_io(sb, &ber_sockbuf_io_readahead, LBER_SBIOD_LEVEL_PROVIDER, NULL);
}

#endif
