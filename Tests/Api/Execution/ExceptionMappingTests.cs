using GraphQL.Execution;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Execution;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KanbanCustomer.Tests.Api;

/// <summary>A resolver's exception: bad input becomes the client's error; a failure of the server's own is logged for the operator.</summary>
public sealed class ExceptionMappingTests
{
    [Fact]
    public void A_failure_of_the_server_is_logged_and_a_client_error_is_not()
    {
        var logs = new LogCapture();
        using var services = new ServiceCollection().AddLogging(b => b.AddProvider(logs)).BuildServiceProvider();
        var execution = new GraphQL.Execution.ExecutionContext { RequestServices = services };

        var failure = new UnhandledExceptionContext(execution, null, new InvalidOperationException("a bug"));
        ExceptionMapping.Map(failure);
        var refusal = new UnhandledExceptionContext(execution, null, new DomainException(ErrorCodes.Validation, "bad input"));
        ExceptionMapping.Map(refusal);

        var logged = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Equal("a bug", logged.Exception?.Message);
        Assert.IsNotType<KanbanError>(failure.Exception);
        Assert.IsType<KanbanError>(refusal.Exception);
    }
}
