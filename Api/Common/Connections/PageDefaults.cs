namespace KanbanCustomer.Api.Common.Connections;

/// <summary>
/// What connections need of the configured limits (<c>GraphQL:DefaultPageSize</c>, <c>GraphQL:CellWalkFromCards</c>):
/// the page size without <c>first</c> or <c>last</c>, and from how many cards a board-order list pages cell by cell.
/// </summary>
public sealed record PageDefaults(int DefaultPageSize, int CellWalkFromCards);
