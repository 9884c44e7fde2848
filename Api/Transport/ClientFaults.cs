using KanbanCustomer.Api.Common;
using KanbanCustomer.Api.Execution;

namespace KanbanCustomer.Api.Transport;

/// <summary>
/// Malformed HTTP (a bad chunk size, a body shorter than its Content-Length) and clients that leave mid-request are the
/// client's doing, not the server's: the answer is Kestrel's status for it (400, 408, 413) with <c>BAD_REQUEST</c>
/// while a client is there to read it, and the log gets one Debug line without a stack trace.
/// </summary>
public static class ClientFaults
{
    /// <summary>Whether <paramref name="exception"/> comes from the client's bytes or its leaving, not from the server.</summary>
    public static bool IsClientFault(HttpContext http, Exception exception) =>
        exception is BadHttpRequestException ||
        (http.RequestAborted.IsCancellationRequested && exception is OperationCanceledException or IOException);

    public static IApplicationBuilder UseClientFaults(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        try
        {
            await next(http);
        }
        catch (Exception ex) when (IsClientFault(http, ex))
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ClientFaults))
                .LogDebug("A request ended by the client: {Reason}", ex.Message);
            if (http.Response.HasStarted || http.RequestAborted.IsCancellationRequested)
                return;
            var status = ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            try
            {
                await GraphQLHttpEndpoint.WriteErrorAsync(http, status, GraphQLHttpEndpoint.Json, KanbanErrorInfoProvider.BadRequest,
                    status == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request is not well-formed HTTP; nothing was run.");
            }
            catch (Exception write) when (write is IOException or OperationCanceledException)
            {
                // The client left while the refusal was written.
            }
        }
    });
}
