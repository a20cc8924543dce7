/// The text of the test server's config, schema and base entries, kept apart from the
/// process handling so each can be read on its own.
enum SlapdConfig {
    /// `nsAccountLock` (389-DS/FreeIPA) and AD's `userAccountControl`, binary `objectGUID`
    /// and `sAMAccountName` are not in Debian's schemas; an auxiliary class
    /// (`dirsyncTestAccount`) lets test users carry them, to imitate AD entries.
    static let customSchema = """
        attributetype ( 1.3.6.1.4.1.99999.1.1 NAME 'nsAccountLock'
          EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch
          SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
        attributetype ( 1.3.6.1.4.1.99999.1.2 NAME 'userAccountControl'
          EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
        attributetype ( 1.3.6.1.4.1.99999.1.3 NAME 'objectGUID'
          EQUALITY octetStringMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )
        attributetype ( 1.3.6.1.4.1.99999.1.4 NAME 'sAMAccountName'
          EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
        objectclass ( 1.3.6.1.4.1.99999.2.1 NAME 'dirsyncTestAccount' SUP top AUXILIARY
          MAY ( nsAccountLock $ userAccountControl $ objectGUID $ sAMAccountName ) )

        """

    static func slapdConf(
        dir: String, schemaPath: String, tlsConfig: String, suffix: String,
        rootDN: String, rootPassword: String, bindDN: String
    ) -> String {
        """
        include /etc/ldap/schema/core.schema
        include /etc/ldap/schema/cosine.schema
        include /etc/ldap/schema/inetorgperson.schema
        include /etc/ldap/schema/nis.schema
        include \(schemaPath)
        pidfile \(dir)/slapd.pid
        argsfile \(dir)/slapd.args
        modulepath /usr/lib/ldap
        moduleload back_mdb
        moduleload memberof
        moduleload syncprov
        \(tlsConfig)
        database mdb
        maxsize 1073741824
        suffix "\(suffix)"
        rootdn "\(rootDN)"
        rootpw \(rootPassword)
        directory \(dir)/db
        sizelimit size=500 size.prtotal=unlimited
        index objectClass,uid,mail,cn,entryUUID,entryCSN,member,memberOf,uniqueMember,memberUid eq
        access to dn.base="" by * read
        access to attrs=userPassword by self write by anonymous auth by * none
        access to * by dn.exact="\(bindDN)" read by users read by * none
        overlay memberof
        overlay syncprov

        """
    }

    static func baseEntries(suffix: String, bindDN: String, bindPassword: String) -> String {
        """
        dn: \(suffix)
        objectClass: dcObject
        objectClass: organization
        o: Example
        dc: example

        dn: ou=people,\(suffix)
        objectClass: organizationalUnit
        ou: people

        dn: ou=groups,\(suffix)
        objectClass: organizationalUnit
        ou: groups

        dn: ou=services,\(suffix)
        objectClass: organizationalUnit
        ou: services

        dn: \(bindDN)
        objectClass: organizationalRole
        objectClass: simpleSecurityObject
        cn: dirsync
        userPassword: \(bindPassword)

        """
    }
}
