namespace KanbanCustomer.Domain.Common;

public static class ErrorCodes
{
    public const string Validation = "VALIDATION";
    public const string NotFound = "NOT_FOUND";
    public const string Conflict = "CONFLICT";
    public const string WipLimitReached = "WIP_LIMIT_REACHED";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string Forbidden = "FORBIDDEN";

    /// <summary>An insight that already left the inbox (attached, promoted or dismissed).</summary>
    public const string AlreadyTriaged = "ALREADY_TRIAGED";

    /// <summary>Another customer of the board already has this external reference.</summary>
    public const string DuplicateExternalRef = "DUPLICATE_EXTERNAL_REF";

    /// <summary>A webhook asked for a board event type that does not exist.</summary>
    public const string UnknownEventType = "UNKNOWN_EVENT_TYPE";
}
