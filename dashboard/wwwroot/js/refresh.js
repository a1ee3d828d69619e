// Reloads the attention list after VIP or stage changes, at most once every two seconds.

import { loadAttention } from "./attention.js";

export function attentionRefresher(session, openCustomer, failed) {
  let timer = null;
  const now = () => {
    clearTimeout(timer);
    timer = null;
    loadAttention(session, openCustomer).catch(failed);
  };
  return {
    now,
    soon: () => {
      timer ??= setTimeout(now, 2000);
    },
  };
}
