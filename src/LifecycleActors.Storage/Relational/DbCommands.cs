using System.Data;
using System.Data.Common;
using System.Globalization;

namespace LifecycleActors.Storage.Relational;

/// <summary>
/// Typed parameters and result reading over plain ADO.NET, so one statement serves SQLite and PostgreSQL.
/// Parameters carry their type: PostgreSQL cannot infer the type of a NULL in <c>@p IS NULL</c>.
/// </summary>
internal static class DbCommands
{
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static DbParameter Add(this DbCommand command, string name, object? value, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>
    /// Adds one text parameter per value (<paramref name="prefix"/>0, <paramref name="prefix"/>1, …) and answers their
    /// names as an SQL list, for <c>IN (…)</c>.
    /// </summary>
    public static string AddList(this DbCommand command, IReadOnlyList<string> values, string prefix)
    {
        for (var i = 0; i < values.Count; i++)
        {
            command.Add($"{prefix}{i}", values[i], DbType.String);
        }

        return string.Join(", ", values.Select((_, i) => $"{prefix}{i}"));
    }

    /// <summary>Parameters of the given names and types, in order, to be bound row after row.</summary>
    public static DbParameter[] Parameters(this DbCommand command, params (string Name, DbType Type)[] parameters) =>
        parameters.Select(p => command.Add(p.Name, null, p.Type)).ToArray();

    public static async Task<List<T>> ReadListAsync<T>(this DbCommand command, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(map(reader));
        }

        return list;
    }

    public static async Task<long> ReadInt64Async(this DbCommand command, CancellationToken cancellationToken) =>
        await command.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : 0;

    public static DateTimeOffset Ticks(this DbDataReader reader, int ordinal) => new(reader.GetInt64(ordinal), TimeSpan.Zero);

    public static string? NullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static int? NullableInt32(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public static double? NullableDouble(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    /// <summary>An exact amount: decimal text on SQLite, numeric on PostgreSQL.</summary>
    public static decimal Amount(this DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        string text => decimal.Parse(text, CultureInfo.InvariantCulture),
        DBNull => 0m,
        var value => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
    };
}
