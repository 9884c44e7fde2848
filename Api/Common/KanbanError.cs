using GraphQL;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Api.Common;

/// <summary>A refused request as the client sees it: a message and <c>extensions.code</c>, plus the field at fault.</summary>
public sealed class KanbanError : ExecutionError
{
    public KanbanError(string code, string message, string? field = null, IReadOnlyDictionary<string, object?>? details = null)
        : base(message)
    {
        Code = code;
        Field = field;
        Details = details ?? new Dictionary<string, object?>();
    }

    public KanbanError(DomainException exception) : this(exception.Code, ClientMessage(exception), exception.Field, ClientDetails(exception.Details)) { }

    public string? Field { get; }

    public IReadOnlyDictionary<string, object?> Details { get; }

    // The domain names objects by raw key; the client knows them by global id.
    private static readonly Dictionary<string, string> IdDetails = new() { ["columnId"] = "Column" };

    private static string ClientMessage(DomainException exception) =>
        exception.Missing is (var what, Guid key) ? $"{what} '{Ids.Global(what, key)}' was not found." : exception.Message;

    private static Dictionary<string, object?> ClientDetails(IReadOnlyDictionary<string, object?> details) =>
        details.ToDictionary(d => d.Key, d => IdDetails.TryGetValue(d.Key, out var type) && d.Value is Guid id ? Ids.Global(type, id) : d.Value);
}
