using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using KanbanCustomer.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace KanbanCustomer.Api.GraphQL;

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

    public KanbanError(DomainException exception) : this(exception.Code, exception.Message, exception.Field, exception.Details) { }

    public string? Field { get; }

    public IReadOnlyDictionary<string, object?> Details { get; }
}

/// <summary>Gives every error an <c>extensions.code</c> and never a stack trace or exception type.</summary>
public sealed class KanbanErrorInfoProvider : IErrorInfoProvider
{
    public const string ParseFailed = "GRAPHQL_PARSE_FAILED";
    public const string ValidationFailed = "GRAPHQL_VALIDATION_FAILED";
    public const string BadRequest = "BAD_REQUEST";
    public const string Internal = "INTERNAL_SERVER_ERROR";
    public const string Timeout = "TIMEOUT";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";

    public ErrorInfo GetInfo(ExecutionError executionError)
    {
        var extensions = new Dictionary<string, object?>();
        var message = executionError.Message;
        switch (executionError)
        {
            case KanbanError error:
                extensions["code"] = error.Code;
                if (error.Field is not null)
                    extensions["field"] = error.Field;
                foreach (var (key, value) in error.Details)
                    extensions[key] = value;
                break;
            case InvalidVariableError error:
                extensions["code"] = ErrorCodes.Validation;
                extensions["field"] = VariableName(error.Message);
                break;
            case SyntaxError:
                extensions["code"] = ParseFailed;
                break;
            case ValidationError error:
                extensions["code"] = error.Code == MethodNotAllowed ? MethodNotAllowed : ValidationFailed;
                break;
            case TimeoutError:
                extensions["code"] = Timeout;
                break;
            case UnhandledError:
                extensions["code"] = Internal;
                message = "Something went wrong on our side; nothing was changed.";
                break;
            case RequestError or DocumentError:
                extensions["code"] = BadRequest;
                break;
            default:
                extensions["code"] = executionError.Code ?? Internal;
                break;
        }

        return new ErrorInfo { Message = message, Extensions = extensions };
    }

    private static string? VariableName(string message)
    {
        // "Variable '$name' is invalid. ..." is how the engine words it.
        var start = message.IndexOf("'$", StringComparison.Ordinal);
        if (start < 0)
            return null;
        var end = message.IndexOfAny(['\'', '.', '['], start + 2);
        return end > start ? message[(start + 2)..end] : null;
    }
}

public static class ExceptionMapping
{
    /// <summary>Turns the exceptions a resolver may throw on bad input into client errors.</summary>
    public static void Map(UnhandledExceptionContext context)
    {
        context.Exception = context.OriginalException switch
        {
            DomainException domain => new KanbanError(domain),
            DbUpdateConcurrencyException => new KanbanError(ErrorCodes.Conflict, "The card was changed by someone else; reload it and try again."),
            _ => context.Exception,
        };
    }
}
