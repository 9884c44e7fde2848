using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KanbanCustomer.Infrastructure.Persistence.Configurations;

internal sealed class VoteConfiguration : IEntityTypeConfiguration<Vote>
{
    public void Configure(EntityTypeBuilder<Vote> builder)
    {
        // The key is the rule: one vote per person per card.
        builder.HasKey(v => new { v.CardId, v.VoterId });
        builder.Property(v => v.VoterId).HasMaxLength(UserLimits.IdMaxLength);
    }
}
