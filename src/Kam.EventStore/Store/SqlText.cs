using Npgsql;

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

    /// <summary>A command of a statement written with <c>?</c> placeholders and its values in the same order.</summary>
    public static NpgsqlCommand Command(string sql, IEnumerable<object> parameters)
    {
        var command = new NpgsqlCommand(Positional(sql));
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return command;
    }
}
