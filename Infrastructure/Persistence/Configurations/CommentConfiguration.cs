using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Comments;
using KanbanCustomer.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KanbanCustomer.Infrastructure.Persistence.Configurations;

internal sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.AuthorId).HasMaxLength(UserLimits.IdMaxLength);
        builder.Property(c => c.Text).HasMaxLength(Comment.TextMaxLength);
        builder.Property(c => c.Mentions);
        builder.Property(c => c.DeletedBy).HasMaxLength(UserLimits.IdMaxLength);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.IsDeleted);
        builder.Ignore(c => c.Changes);

        // The key lives on the new table only (Cards is not rebuilt); the board is reached through the card, one cascade path.
        builder.HasOne<Card>().WithMany().HasForeignKey(c => c.CardId).OnDelete(DeleteBehavior.Cascade);

        // A card's discussion, oldest first: one index range per page.
        builder.HasIndex(c => new { c.CardId, c.CreatedAt, c.Id });
    }
}
