namespace KanbanCustomer.Domain.Common;

/// <summary>A refused change. <see cref="Code"/> reaches the client as <c>extensions.code</c>.</summary>
public sealed class DomainException : Exception
{
    public DomainException(string code, string message, string? field = null, IReadOnlyDictionary<string, object?>? details = null)
        : base(message)
    {
        Code = code;
        Field = field;
        Details = details ?? new Dictionary<string, object?>();
    }

    public DomainException() : this(ErrorCodes.Validation, "The change was refused.") { }

    public DomainException(string message) : this(ErrorCodes.Validation, message) { }

    public DomainException(string message, Exception innerException) : base(message, innerException)
    {
        Code = ErrorCodes.Validation;
        Details = new Dictionary<string, object?>();
    }

    public string Code { get; }

    public string? Field { get; }

    public IReadOnlyDictionary<string, object?> Details { get; }

    /// <summary>For <see cref="ErrorCodes.NotFound"/>: the kind of object and the key it was looked up by.</summary>
    public (string What, object Id)? Missing { get; private init; }

    public static DomainException NotFound(string what, object id) =>
        new(ErrorCodes.NotFound, $"{what} '{id}' was not found.") { Missing = (what, id) };

    public static DomainException Invalid(string field, string message) =>
        new(ErrorCodes.Validation, message, field);

    public static DomainException Conflict(int currentVersion, string what = "card") =>
        new(ErrorCodes.Conflict, $"The {what} was changed by someone else; its current version is {currentVersion}.",
            details: new Dictionary<string, object?> { ["currentVersion"] = currentVersion });
}
