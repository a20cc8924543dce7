import Foundation

/// On Linux `localizedDescription` of a plain Swift error says only "The operation could not
/// be completed"; these make it print the problems themselves.
extension ConfigErrors: LocalizedError {
    public var errorDescription: String? { description }
}

extension ConfigProblem: LocalizedError {
    public var errorDescription: String? { description }
}
