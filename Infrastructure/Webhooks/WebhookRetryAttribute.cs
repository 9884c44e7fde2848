using Hangfire.Common;
using Hangfire.States;

namespace KanbanCustomer.Infrastructure.Webhooks;

/// <summary>
/// Hangfire's retry for webhook deliveries: a failed attempt with attempts left comes back as
/// <see cref="WebhookAttemptFailedException"/>, and the job runs again after the delay the delivery recorded
/// (<c>Webhooks:RetryDelays</c>), so the log's <c>nextAttemptAt</c> and Hangfire's schedule agree. Any other
/// failure is left failed; the sweep hands the delivery over again once its claim has run out.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class WebhookRetryAttribute : JobFilterAttribute, IElectStateFilter
{
    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is FailedState { Exception: WebhookAttemptFailedException failed })
            context.CandidateState = new ScheduledState(failed.RetryIn) { Reason = $"Retry after attempt {failed.Attempt}" };
    }
}
