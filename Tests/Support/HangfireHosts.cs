namespace KanbanCustomer.Tests.Support;

/// <summary>
/// The test classes whose hosts run a Hangfire server. Hangfire keeps its log provider and configuration in
/// process-wide statics, which each host points at its own loggers: two such hosts starting and stopping at once could
/// leave one logging through the other's disposed loggers. Their classes run one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HangfireHosts
{
    public const string Name = "Hangfire hosts";
}
