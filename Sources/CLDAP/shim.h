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

#endif
