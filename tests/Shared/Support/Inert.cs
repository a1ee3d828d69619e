using System.Reflection;

namespace LifecycleActors.Tests.Support;

/// <summary>
/// An implementation of any interface that does nothing: tasks complete at once (with default results), interfaces return further inert
/// objects, everything else its default. Stands in for the parts of a host a test does not look at (a hub context).
/// </summary>
public class Inert : DispatchProxy
{
    public static T Of<T>()
        where T : class => (T)Of(typeof(T));

    private static object Of(Type type) =>
        typeof(DispatchProxy).GetMethod(nameof(Create), 2, Type.EmptyTypes)!.MakeGenericMethod(type, typeof(Inert)).Invoke(null, null)!;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var type = targetMethod?.ReturnType ?? typeof(void);
        return type == typeof(Task) ? Task.CompletedTask
            : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>) ? Completed(type.GetGenericArguments()[0])
            : type.IsInterface ? Of(type)
            : type.IsValueType && type != typeof(void) ? Activator.CreateInstance(type)
            : null;
    }

    /// <summary>A completed task of the type's default value.</summary>
    private static object Completed(Type result) =>
        typeof(Task).GetMethod(nameof(Task.FromResult))!.MakeGenericMethod(result)
            .Invoke(null, [result.IsValueType ? Activator.CreateInstance(result) : null])!;
}
