namespace Kam.EventStore.Store;

/// <summary>Statement text for reads run straight on Npgsql (their rows are written into answers as they are).</summary>
public static class SqlText
{
    /// <summary>Marten's <c>?</c> placeholders (the filters of lists write them) as Npgsql's positional <c>$n</c>.</summary>
    public static string Positional(string sql)
    {
        var text = new System.Text.StringBuilder(sql.Length + 16);
        var n = 0;
        foreach (var c in sql)
        {
            _ = c == '?' ? text.Append('$').Append(++n) : text.Append(c);
        }

        return text.ToString();
    }
}
