using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KanbanCustomer.Infrastructure.Persistence.Configurations;

internal sealed class CardConfiguration : IEntityTypeConfiguration<Card>
{
    public void Configure(EntityTypeBuilder<Card> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Rank).HasMaxLength(RankKey.StorageLength);
        builder.Property(c => c.Title).HasMaxLength(Card.TitleMaxLength);
        builder.Property(c => c.ProblemStatement).HasMaxLength(Card.ProblemStatementMaxLength);
        builder.Property(c => c.CustomerKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.ReporterId).HasMaxLength(UserLimits.IdMaxLength);
        builder.Property(c => c.BlockedReason).HasMaxLength(Card.BlockedReasonMaxLength);
        builder.Property(c => c.Tags);
        builder.Property(c => c.Assignees);
        // Application-managed, so optimistic concurrency works the same on every provider.
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.Changes);

        builder.HasOne<Board>().WithMany().HasForeignKey(c => c.BoardId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Column>().WithMany().HasForeignKey(c => c.ColumnId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Swimlane>().WithMany().HasForeignKey(c => c.SwimlaneId).OnDelete(DeleteBehavior.Restrict);

        builder.HasMany(c => c.Evidence).WithOne().HasForeignKey(e => e.CardId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Evidence).HasField("_evidence").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(c => c.Votes).WithOne().HasForeignKey(v => v.CardId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Votes).HasField("_votes").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(c => c.Experiments).WithOne().HasForeignKey(e => e.CardId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Experiments).HasField("_experiments").UsePropertyAccessMode(PropertyAccessMode.Field);

        // A cell (board, column, swimlane) in rank order, ties by id: the board order reads a page from it without sorting.
        builder.HasIndex(c => new { c.BoardId, c.ColumnId, c.SwimlaneId, c.Rank, c.Id });
        // The stale scan: per column, the unflagged cards by either clock.
        builder.HasIndex(c => new { c.ColumnId, c.StaleSince, c.LastActivityAt });
        builder.HasIndex(c => new { c.ColumnId, c.StaleSince, c.EnteredColumnAt });
        builder.Ignore(c => c.IsStale);
        builder.Ignore(c => c.EvidenceCount);
        // Cards by problem score: order and "score >= s" are both a range of the key (see ProblemScore).
        builder.HasIndex(c => new { c.BoardId, c.ScoreKey, c.Id });
        builder.HasIndex(c => c.SwimlaneId);
        // Card lists sorted newest or most recently active first page through these instead of sorting the board.
        builder.HasIndex(c => new { c.BoardId, c.CreatedAt, c.Id });
        builder.HasIndex(c => new { c.BoardId, c.LastActivityAt, c.Id });
    }
}
