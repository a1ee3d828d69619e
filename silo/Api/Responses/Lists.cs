namespace LifecycleActors.Silo.Api;

/// <summary>A whole list: <c>{"items":[…]}</c>.</summary>
public sealed record ItemList<TItem>(IReadOnlyList<TItem> Items);

/// <summary>One page of a longer list: <c>{"items":[…],"nextCursor":"…"|null}</c>; pass the cursor back for the next page.</summary>
public sealed record CursorPage<TItem>(IReadOnlyList<TItem> Items, string? NextCursor);
