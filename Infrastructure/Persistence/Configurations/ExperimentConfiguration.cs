using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KanbanCustomer.Infrastructure.Persistence.Configurations;

internal sealed class ExperimentConfiguration : IEntityTypeConfiguration<Experiment>
{
    public void Configure(EntityTypeBuilder<Experiment> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Hypothesis).HasMaxLength(Experiment.HypothesisMaxLength);
        builder.Property(e => e.Measure).HasMaxLength(Experiment.MeasureMaxLength);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Learning).HasMaxLength(Experiment.LearningMaxLength);
        builder.Property(e => e.CreatedBy).HasMaxLength(UserLimits.IdMaxLength);
        builder.Ignore(e => e.IsConcluded);
        builder.HasIndex(e => new { e.CardId, e.CreatedAt });
    }
}
