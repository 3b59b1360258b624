using Marten;
using Marten.Schema;
using Weasel.Postgresql.Tables;

namespace Kam.EventStore.Store;

/// <summary>
/// Columns for read models queried in plain SQL. Marten's <c>Duplicate</c> also adds one index per column; a table written
/// with every event and read through a few composite indexes should pay for those only, so the columns are duplicated
/// bare and the indexes named here.
/// </summary>
public static class DocumentColumns
{
    /// <summary>
    /// An index over <paramref name="Columns"/> (snake_case column names), btree unless said otherwise; with a
    /// <paramref name="Where"/> predicate, a partial index over the rows that meet it.
    /// </summary>
    public sealed record Index(string Name, string[] Columns, IndexMethod Method = IndexMethod.btree, string? Where = null, bool Unique = false);

    /// <summary>Duplicates <paramref name="members"/> of <typeparamref name="T"/> into columns and adds exactly <paramref name="indexes"/>.</summary>
    public static StoreOptions Columns<T>(this StoreOptions options, string[] members, params Index[] indexes)
    {
        options.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType != typeof(T))
            {
                return;
            }

            foreach (var member in members)
            {
                mapping.DuplicateField(member);
            }

            foreach (var index in indexes)
            {
                mapping.Indexes.Add(new DocumentIndex(mapping, index.Columns) { Name = index.Name, Method = index.Method, Predicate = index.Where, IsUnique = index.Unique });
            }
        });
        return options;
    }
}
