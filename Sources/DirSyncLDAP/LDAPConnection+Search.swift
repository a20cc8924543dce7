import CLDAP
import Glibc

extension LDAPConnection {
    /// What one search saw besides entries.
    struct SearchSummary {
        var entries = 0
        var pages = 0
    }

    /// A subtree search with the RFC 2696 paged-results control. `pageSize <= 0` searches
    /// unpaged.
    ///
    /// Pipelined by page: a page's messages are first received (`ldap_result` with
    /// `LDAP_MSG_ONE`, which only decodes them), the request for the next page goes out as
    /// soon as the page's final result brings the cookie, and only then are the page's
    /// entries handed to `onEntry`. The server assembles page n+1 while page n is mapped;
    /// mapping each entry as it arrived left the server idle at every page boundary until
    /// the client caught up. Memory holds one page.
    ///
    /// Any failure (search error, size limit, timeout, dropped connection) throws, after
    /// abandoning a request still in flight; the caller then discards everything it collected.
    func search(
        base: String, scope: Int32 = dirsync_ldap_scope_subtree(), filter: String, attributes: [String], pageSize: Int,
        onEntry: (OpaquePointer) throws -> Void
    ) throws -> SearchSummary {
        var summary = SearchSummary()
        var cookie = berval()
        defer { if cookie.bv_val != nil { ber_memfree(cookie.bv_val) } }

        // NULL-terminated C array of attribute names, freed at the end.
        var attrs: [UnsafeMutablePointer<CChar>?] = attributes.map { strdup($0) } + [nil]
        defer { for p in attrs { free(p) } }

        func request() throws -> Int32 {
            var control: UnsafeMutablePointer<LDAPControl>?
            if pageSize > 0 {
                let rc = ldap_create_page_control(ld, ber_int_t(pageSize), &cookie, 0, &control)
                guard rc == LDAP_SUCCESS else {
                    throw LDAPError("cannot create the paged-results control: \(Self.describe(rc))")
                }
            }
            var controls: [UnsafeMutablePointer<LDAPControl>?] = [control, nil]
            var msgid: Int32 = 0
            let rc = attrs.withUnsafeMutableBufferPointer { attrPtr in
                controls.withUnsafeMutableBufferPointer { ctrlPtr in
                    ldap_search_ext(
                        ld, base, scope, filter, attrPtr.baseAddress, 0,
                        pageSize > 0 ? ctrlPtr.baseAddress : nil, nil, nil, 0, &msgid)
                }
            }
            if let control { ldap_control_free(control) }
            guard rc == LDAP_SUCCESS else {
                throw LDAPError("search of \(base) with \(filter) on \(url) failed: \(diagnostic(rc))"
                    + (rc == LDAP_FILTER_ERROR ? "; check filter" : ""))
            }
            summary.pages += 1
            return msgid
        }

        var msgid = try request()
        var page: [OpaquePointer] = []
        defer { for message in page { ldap_msgfree(message) } }
        while true {
            let more = try receivePage(
                msgid: msgid, base: base, filter: filter, paged: pageSize > 0, cookie: &cookie,
                summary: &summary, into: &page)
            var inFlight: Int32? = nil
            if more {
                msgid = try request()
                inFlight = msgid
            }
            do {
                for message in page { try onEntry(message) }
            } catch {
                if let inFlight { ldap_abandon_ext(ld, inFlight, nil, nil) }
                throw error
            }
            for message in page { ldap_msgfree(message) }
            page.removeAll(keepingCapacity: true)
            if !more { break }
        }
        return summary
    }

    /// Receives one page's messages: entries are appended to `page` (the caller frees
    /// them), a search reference throws; returns whether the server has another page.
    private func receivePage(
        msgid: Int32, base: String, filter: String, paged: Bool, cookie: inout berval,
        summary: inout SearchSummary, into page: inout [OpaquePointer]
    ) throws -> Bool {
        let entryType = dirsync_ldap_res_search_entry()
        let referenceType = dirsync_ldap_res_search_reference()
        let resultType = dirsync_ldap_res_search_result()
        while true {
            var message: OpaquePointer?
            var tv = timeout
            let type = ldap_result(ld, msgid, LDAP_MSG_ONE, &tv, &message)
            if type == 0 {
                ldap_abandon_ext(ld, msgid, nil, nil)
                throw LDAPError("the search of \(base) on \(url) timed out after "
                    + "\(summary.entries) entries; raise timeout or check the server")
            }
            guard type > 0, let message else {
                let code = lastResultCode()
                throw LDAPError("the search of \(base) on \(url) failed after \(summary.entries) "
                    + "entries: \(diagnostic(code)); nothing was read, try again")
            }
            if type == entryType {
                summary.entries += 1
                page.append(message)
                continue
            }
            defer { ldap_msgfree(message) }
            if type == referenceType {
                // The people behind a referral live on another server and would go missing
                // from this read, and so be deactivated: an incomplete read fails whole.
                ldap_abandon_ext(ld, msgid, nil, nil)
                throw LDAPError("the search of \(base) on \(url) returned a search reference (referral) to "
                    + "\(referralURLs(message)): the entries behind it are on another server and were not read, "
                    + "so nothing was changed; add that server as a source of its own, or move the referral "
                    + "out of base (or exclude it with filter). On Active Directory a base at the domain root "
                    + "returns references to DomainDnsZones, ForestDnsZones and Configuration: set base to "
                    + "the OU that holds the users or groups")
            } else if type == resultType {
                return try finishPage(message, base: base, filter: filter, paged: paged, cookie: &cookie, summary: summary)
            }
        }
    }

    /// The URLs a search reference points to, for the operator to see where people are.
    private func referralURLs(_ message: OpaquePointer) -> String {
        var refs: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        guard ldap_parse_reference(ld, message, &refs, nil, 0) == LDAP_SUCCESS, let refs else { return "an unnamed server" }
        defer { ldap_memvfree(UnsafeMutableRawPointer(refs).assumingMemoryBound(to: UnsafeMutableRawPointer?.self)) }
        var urls: [String] = []
        var p = refs
        while let url = p.pointee {
            urls.append(String(cString: url))
            p += 1
        }
        return urls.isEmpty ? "an unnamed server" : urls.joined(separator: ", ")
    }

    /// Checks a page's final result and takes the next cookie from its control.
    private func finishPage(
        _ message: OpaquePointer, base: String, filter: String, paged: Bool, cookie: inout berval,
        summary: SearchSummary
    ) throws -> Bool {
        var code: Int32 = 0
        var diag: UnsafeMutablePointer<CChar>?
        var serverControls: UnsafeMutablePointer<UnsafeMutablePointer<LDAPControl>?>?
        let rc = ldap_parse_result(ld, message, &code, nil, &diag, nil, &serverControls, 0)
        let diagText = diag.map { String(cString: $0) } ?? ""
        if let diag { ldap_memfree(diag) }
        defer { if let serverControls { ldap_controls_free(serverControls) } }
        guard rc == LDAP_SUCCESS else {
            throw LDAPError("cannot parse the search result from \(url): \(Self.describe(rc))")
        }
        let detail = Self.describe(code) + (diagText.isEmpty ? "" : ": \(diagText)")
        switch code {
        case LDAP_SUCCESS:
            break
        case LDAP_SIZELIMIT_EXCEEDED:
            throw LDAPError("the server's size limit stopped the search of \(base) on \(url) after "
                + "\(summary.entries) entries (\(detail)); "
                + (paged ? "its limit caps paged searches too: raise it for the bind DN "
                    + "(OpenLDAP: limits … size.prtotal=unlimited) or lower page_size"
                    : "set page_size so the read is paged"))
        case LDAP_NO_SUCH_OBJECT:
            throw LDAPError("the search base \(base) does not exist on \(url) (\(detail)); check base")
        case LDAP_FILTER_ERROR:
            throw LDAPError("the server rejected the filter \(filter) (\(detail)); check filter")
        default:
            throw LDAPError("the search of \(base) on \(url) failed: \(detail)")
        }
        guard paged else { return false }
        // No response control: the server ignored the (non-critical) control and sent all.
        guard let pageControl = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, serverControls, nil) else {
            return false
        }
        var next = berval()
        var count: ber_int_t = 0
        let prc = ldap_parse_pageresponse_control(ld, pageControl, &count, &next)
        guard prc == LDAP_SUCCESS else {
            throw LDAPError("cannot parse the paged-results response from \(url): \(Self.describe(prc))")
        }
        if cookie.bv_val != nil { ber_memfree(cookie.bv_val) }
        cookie = next
        return cookie.bv_val != nil && cookie.bv_len > 0
    }

    /// Walks an entry's DN and attributes with `ldap_get_attribute_ber`, which hands out
    /// values that point into the message buffer (no copies); `onValue` gets the slot of
    /// each wanted attribute and one value's bytes. A ranged attribute (AD's
    /// `member;range=0-1499`) counts for its slot, and the request for its next slice is
    /// returned so the caller can fetch the rest with `fetchRanges`.
    func walk(
        entry: OpaquePointer, slots: AttributeSlots,
        onValue: (Int, UnsafeBufferPointer<UInt8>) -> Void
    ) throws -> (dn: String, continuations: [RangeContinuation]) {
        var ber: OpaquePointer?
        var dnValue = berval()
        var rc = ldap_get_dn_ber(ld, entry, &ber, &dnValue)
        defer { if let ber { ber_free(ber, 0) } }
        guard rc == LDAP_SUCCESS, let ber else {
            throw LDAPError("cannot decode an entry from \(url): \(Self.describe(rc))")
        }
        let dn = Self.string(dnValue)
        var continuations: [RangeContinuation] = []
        while true {
            var name = berval()
            var values: UnsafeMutablePointer<berval>?
            rc = ldap_get_attribute_ber(ld, entry, ber, &name, &values)
            guard rc == LDAP_SUCCESS else {
                throw LDAPError("cannot decode entry \(dn) from \(url): \(Self.describe(rc))")
            }
            guard name.bv_val != nil else { break }
            defer { if let values { ber_memfree(values) } }
            let nameBytes = Self.bytes(name)
            var slot = slots.index(of: nameBytes)
            if slot == nil, nameBytes.contains(UInt8(ascii: ";")), let ranged = RangedAttribute(nameBytes.utf8String) {
                slot = Array(ranged.name.utf8).withUnsafeBufferPointer { slots.index(of: $0) }
                if let slot, let next = ranged.next {
                    continuations.append(RangeContinuation(slot: slot, request: next))
                }
            }
            guard let slot, var v = values else { continue }
            while v.pointee.bv_val != nil {
                onValue(slot, Self.bytes(v.pointee))
                v += 1
            }
        }
        return (dn, continuations)
    }

    /// Fetches the remaining slices of ranged attributes of the entry `dn`, one base search
    /// per slice, until the server marks the last one (`…-*`).
    func fetchRanges(
        dn: String, _ continuations: [RangeContinuation], slots: AttributeSlots,
        onValue: (Int, UnsafeBufferPointer<UInt8>) -> Void
    ) throws {
        for continuation in continuations {
            var request: String? = continuation.request
            var rounds = 0
            while let current = request {
                rounds += 1
                guard rounds < 100_000 else {
                    throw LDAPError("ranged retrieval of \(current) on \(dn) from \(url) does not end")
                }
                request = nil
                var found = false
                // Only the attribute being continued, whatever range the server names it with.
                var only = AttributeSlots()
                _ = only.slot(for: RangedAttribute(current)?.name ?? current)
                _ = try search(base: dn, scope: dirsync_ldap_scope_base(), filter: "(objectClass=*)",
                               attributes: [current], pageSize: 0) { entry in
                    let result = try walk(entry: entry, slots: only) { _, value in
                        found = true
                        onValue(continuation.slot, value)
                    }
                    request = result.continuations.first?.request
                }
                if !found { request = nil }
            }
        }
    }

    static func bytes(_ value: berval) -> UnsafeBufferPointer<UInt8> {
        guard let p = value.bv_val else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(
            start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: Int(value.bv_len))
    }

    static func string(_ value: berval) -> String { bytes(value).utf8String }
}
