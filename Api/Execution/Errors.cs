using GraphQL;
using GraphQL.Execution;
using GraphQL.PersistedDocuments;
using System.Text.RegularExpressions;
using GraphQL.Validation;
using GraphQL.Validation.Errors;
using GraphQL.Validation.Errors.Custom;
using KanbanCustomer.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

using KanbanCustomer.Api.Common;

namespace KanbanCustomer.Api.Execution;

/// <summary>
/// Gives every error an <c>extensions.code</c> and never a stack trace or exception type; outside Development,
/// no "Did you mean ...?" hints about the schema either.
/// </summary>
public sealed class KanbanErrorInfoProvider(IOptions<GraphQLLimits> limits) : IErrorInfoProvider
{
    public const string ParseFailed = "GRAPHQL_PARSE_FAILED";
    public const string ValidationFailed = "GRAPHQL_VALIDATION_FAILED";
    public const string BadRequest = "BAD_REQUEST";
    public const string Internal = "INTERNAL_SERVER_ERROR";
    public const string Timeout = "TIMEOUT";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string StreamRequired = "STREAM_REQUIRED";
    public const string IntrospectionDisabled = "INTROSPECTION_DISABLED";
    public const string PersistedDocumentNotFound = "PERSISTED_DOCUMENT_NOT_FOUND";
    public const string InvalidDocumentId = "INVALID_DOCUMENT_ID";
    public const string PersistedDocumentRequired = "PERSISTED_DOCUMENT_REQUIRED";
    public const string QueryAndDocumentId = "QUERY_AND_DOCUMENT_ID";

    private readonly bool _exposeSuggestions = limits.Value.ExposeSuggestions;

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
                extensions["field"] = FieldOf(error.Message, VariablePath);
                break;
            case ArgumentsOfCorrectTypeError error:
                extensions["code"] = ErrorCodes.Validation;
                extensions["field"] = FieldOf(error.Message, ArgumentField);
                break;
            case SyntaxError:
                extensions["code"] = ParseFailed;
                break;
            case LimitError error:
                extensions["code"] = error.Code;
                if (error.Field is not null)
                    extensions["field"] = error.Field;
                break;
            case NoIntrospectionError:
                extensions["code"] = IntrospectionDisabled;
                message = "Introspection is disabled on this server.";
                break;
            case ValidationError error:
                extensions["code"] = error.Code is MethodNotAllowed or StreamRequired ? error.Code : ValidationFailed;
                break;
            case TimeoutError:
                extensions["code"] = Timeout;
                break;
            case UnhandledError:
                extensions["code"] = Internal;
                message = "Something went wrong on our side; nothing was changed.";
                break;
            case DocumentNotFoundError:
                extensions["code"] = PersistedDocumentNotFound;
                message = "No persisted operation has this documentId; the client's operations and the server's are out of step.";
                break;
            case DocumentIdInvalidError:
                extensions["code"] = InvalidDocumentId;
                message = "A documentId is 'sha256:' followed by 64 lowercase hexadecimal digits.";
                break;
            case DocumentIdMissingError:
                extensions["code"] = PersistedDocumentRequired;
                message = "This server runs persisted operations only: send 'documentId' instead of 'query'.";
                break;
            case InvalidRequestError:
                extensions["code"] = QueryAndDocumentId;
                message = "Send either 'query' or 'documentId', not both.";
                break;
            case RequestError or DocumentError:
                extensions["code"] = BadRequest;
                break;
            default:
                extensions["code"] = executionError.Code ?? Internal;
                break;
        }

        if (!_exposeSuggestions)
            message = Suggestion.Replace(message, "");
        return new ErrorInfo { Message = message, Extensions = extensions };
    }

    // The engine's hints name schema members the client did not ask about: "... Did you mean 'board' or 'boards'?"
    // (some end without the question mark, at the end of the message).
    private static readonly Regex Suggestion = new(@"\s*Did you mean [^?]*(\?|$)", RegexOptions.Compiled, TimeSpan.FromSeconds(1));

    // How the engine words them: "Variable '$input.title' is invalid. ...",
    // "Argument 'input' has invalid value. In field 'reach': [...]" or "... Missing required field 'title' ...".
    private static readonly Regex VariablePath = new(@"Variable '\$(?<path>[^']+)'", RegexOptions.Compiled, TimeSpan.FromSeconds(1));
    private static readonly Regex ArgumentField = new(@"(?:In field|required field|Argument) '(?<path>[^']+)'", RegexOptions.Compiled | RegexOptions.RightToLeft, TimeSpan.FromSeconds(1));

    /// <summary>The innermost field a bad value was given for.</summary>
    private static string? FieldOf(string message, Regex pattern)
    {
        var match = pattern.Match(message);
        if (!match.Success)
            return null;
        var path = match.Groups["path"].Value;
        var last = path.Split('.')[^1];
        var bracket = last.IndexOf('[', StringComparison.Ordinal);
        return bracket > 0 ? last[..bracket] : last;
    }
}

public static class ExceptionMapping
{
    /// <summary>
    /// Turns the exceptions a resolver may throw on bad input into client errors; anything else stays an internal error
    /// (the client sees INTERNAL_SERVER_ERROR and no detail) and is logged for the operator, with the field's path.
    /// </summary>
    public static void Map(UnhandledExceptionContext context)
    {
        var mapped = Mapped(context);
        if (mapped is null)
        {
            context.Context?.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger(typeof(ExceptionMapping))
                .LogError(context.OriginalException, "Executing {Operation} failed at {Path}.",
                    context.Context.Operation?.Name?.StringValue ?? "an operation", context.FieldContext?.Path is { } path ? string.Join('.', path) : "the operation");
            return;
        }

        context.Exception = mapped;
    }

    /// <summary>The client error an exception stands for; null for a failure of the server's own.</summary>
    private static KanbanError? Mapped(UnhandledExceptionContext context) =>
        context.OriginalException switch
        {
            DomainException domain => new KanbanError(domain),
            GraphQLParser.Exceptions.GraphQLMaxDepthExceededException => new KanbanError(KanbanErrorInfoProvider.ParseFailed, "The document is nested too deeply."),
            DbUpdateConcurrencyException => new KanbanError(ErrorCodes.Conflict, "The card was changed by someone else; reload it and try again."),
            // The execution timeout cancels the database call mid-flight; providers report that in their own words.
            _ when context.FieldContext?.CancellationToken.IsCancellationRequested == true =>
                new KanbanError(KanbanErrorInfoProvider.Timeout, "The operation took too long and was stopped."),
            _ => null,
        };
}
