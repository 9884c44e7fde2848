namespace KanbanCustomer.Domain.Common;

public static class ErrorCodes
{
    public const string Validation = "VALIDATION";
    public const string NotFound = "NOT_FOUND";
    public const string Conflict = "CONFLICT";
    public const string WipLimitReached = "WIP_LIMIT_REACHED";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string Forbidden = "FORBIDDEN";
}
