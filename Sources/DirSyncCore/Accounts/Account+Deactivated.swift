extension Account {
    /// The account after the deactivation `operation`: inactive, and out of the projects the
    /// operation removes (`on_deactivate: remove_projects`). One rule for every target and
    /// for what the audit log records as its state after.
    public func deactivated(by operation: AccountOperation) -> Account {
        var after = self
        after.status = .inactive
        for project in operation.changes?.projectsRemoved ?? [] { after.projects[project] = nil }
        return after
    }
}
