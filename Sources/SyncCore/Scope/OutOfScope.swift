/// Why a user is out of a configuration's scope: exactly the error its log entry carries (`code` for the log's
/// `error.code`, a one-line `reason`, what an admin can do about it in `recommendedAction`).
public typealias OutOfScope = ProvisioningError
