using KanbanCustomer.Tests.Api;
using KanbanCustomer.Tests.Jobs;
using KanbanCustomer.Tests.Support;
using KanbanCustomer.Tests.Webhooks;

namespace KanbanCustomer.Tests.Persistence.SqlServer;

// The suites that run on SQLite and PostgreSQL, on a real SQL Server: each fixture creates a throw-away database on the
// server KANBAN_TEST_SQLSERVER names and drops it after; without the variable every test here skips with that reason,
// also under CI=true (no SQL Server can run on these machines). docs/sql-server.md says how to run them.
// Left out: CompiledReadTests and QueryBatchingTests, which test the compiled reads (decision 0039), and those run on
// SQLite and PostgreSQL only; SQL Server reads field by field.

public sealed class CellWalkSqlServerApp() : KanbanApp(new SqlServerTestDatabase())
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["GraphQL:CellWalkFromCards"] = "1" };
}

public sealed class HangfireServerSqlServerApp() : KanbanApp(new SqlServerTestDatabase())
{
    protected override IDictionary<string, string?> ExtraSettings => HangfireServerSettings.Values;
}

public sealed class SqlServerTriageRaceApp() : TriageRaceApp(new SqlServerTestDatabase());

public sealed class SqlServerWebhookApp() : WebhookApp(new SqlServerTestDatabase());

public sealed class SqlServerAccessControlTests(SqlServerApp app) : AccessControlTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerAtomicityTests(SqlServerApp app) : AtomicityTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerBoardCreationTests(SqlServerApp app) : BoardCreationTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerBoardEventSubscriptionTests(SqlServerApp app) : BoardEventSubscriptionTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerCardBlockAndArchiveTests(SqlServerApp app) : CardBlockAndArchiveTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerCardCreationTests(SqlServerApp app) : CardCreationTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerCardEvidenceTests(SqlServerApp app) : CardEvidenceTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerCardFilterTests(SqlServerApp app) : CardFilterTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerCellWalkCardFilterTests(CellWalkSqlServerApp app) : CardFilterTests(app), IClassFixture<CellWalkSqlServerApp>
{
    protected override bool WalksCells => true;
}

public sealed class SqlServerCardHistoryTests(SqlServerApp app) : CardHistoryTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerCardMergeTests(SqlServerApp app) : CardMergeTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerCardMoveTests(SqlServerApp app) : CardMoveTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerCardPagingTests(SqlServerApp app) : CardPagingTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerCellWalkCardPagingTests(CellWalkSqlServerApp app) : CardPagingTests(app), IClassFixture<CellWalkSqlServerApp>
{
    protected override bool WalksCells => true;
}

public sealed class SqlServerCardUpdateTests(SqlServerApp app) : CardUpdateTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerCardVoteTests(SqlServerApp app) : CardVoteTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerCardWatchTests(SqlServerApp app) : CardWatchTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerColumnMutationTests(SqlServerApp app) : ColumnMutationTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerCommentMutationTests(SqlServerApp app) : CommentMutationTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerCommentReadTests(SqlServerApp app) : CommentReadTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerConcurrencyTests(SqlServerApp app) : ConcurrencyTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerCustomerDirectoryTests(SqlServerApp app) : CustomerDirectoryTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerCustomerEvidenceTests(SqlServerApp app) : CustomerEvidenceTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerCustomerListTests(SqlServerApp app) : CustomerListTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerCustomerStatementTests(SqlServerApp app) : CustomerStatementTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerErrorTests(SqlServerApp app) : ErrorTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerEventPipelineTests(SqlServerApp app) : EventPipelineTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerExperimentApiTests(SqlServerApp app) : ExperimentApiTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerFlowMetricsTests(SqlServerApp app) : FlowMetricsTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerInsightInboxTests(SqlServerApp app) : InsightInboxTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerInsightRaceTests(SqlServerTriageRaceApp app) : InsightRaceTests(app), IClassFixture<SqlServerTriageRaceApp>;

public sealed class SqlServerInsightSubmitTests(SqlServerApp app) : InsightSubmitTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerInsightTriageTests(SqlServerApp app) : InsightTriageTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerMembershipTests(SqlServerApp app) : MembershipTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerNodeTests(SqlServerApp app) : NodeTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerNotificationTests(SqlServerApp app) : NotificationTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerProblemScoreTests(SqlServerApp app) : ProblemScoreTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerRankOrderTests(SqlServerApp app) : RankOrderTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerResponseCacheTests(SqlServerApp app) : ResponseCacheTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerStaleCardFieldsTests(SqlServerApp app) : StaleCardFieldsTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerSwimlaneMutationTests(SqlServerApp app) : SwimlaneMutationTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerTokenClaimTests(SqlServerApp app) : TokenClaimTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerHangfireServerTests(HangfireServerSqlServerApp app) : HangfireServerTests(app), IClassFixture<HangfireServerSqlServerApp>;

public sealed class SqlServerStaleScanEvidenceTests(SqlServerApp app) : StaleScanEvidenceTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerStaleScanFlagTests(SqlServerApp app) : StaleScanFlagTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerStaleScanLearningTests(SqlServerApp app) : StaleScanLearningTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerStaleScanThresholdTests(SqlServerApp app) : StaleScanThresholdTests(app), IClassFixture<SqlServerApp>;

public sealed class SqlServerFlowHistoryTests : FlowHistoryTests<SqlServerTestDatabase>;

public sealed class SqlServerMeasuresMigrationTests : MeasuresMigrationTests<SqlServerTestDatabase>;

public sealed class SqlServerWebhookApiTests(SqlServerWebhookApp app) : WebhookApiTests(app), IClassFixture<SqlServerWebhookApp>;

public sealed class SqlServerWebhookDeliveryHandoverTests(SqlServerWebhookApp app) : WebhookDeliveryHandoverTests(app), IClassFixture<SqlServerWebhookApp>;

public sealed class SqlServerWebhookDeliveryTests(SqlServerWebhookApp app) : WebhookDeliveryTests(app), IClassFixture<SqlServerWebhookApp>;

public sealed class SqlServerWebhookEventTests(SqlServerWebhookApp app) : WebhookEventTests(app), IClassFixture<SqlServerWebhookApp>;
