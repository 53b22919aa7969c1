"use client";

import { startTransition, useActionState, useCallback, useEffect, useRef } from "react";
import type { ActionState } from "@/lib/http/server-action";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

/**
 * A server action's form that keeps what was typed when the action fails. React resets a `<form action={…}>`
 * after every action, so a rejected form would come back empty beside its field errors; this form submits through
 * `onSubmit` instead, and is cleared only once the action succeeded.
 */
export function useKeptForm(action: Action) {
  const [state, dispatch, pending] = useActionState(action, null);
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) ref.current?.reset();
  }, [state]);
  const onSubmit = useCallback(
    (e: React.FormEvent<HTMLFormElement>) => {
      e.preventDefault();
      const form = new FormData(e.currentTarget, (e.nativeEvent as SubmitEvent).submitter);
      startTransition(() => dispatch(form));
    },
    [dispatch],
  );
  // POST, so a submit before hydration never puts a password in a GET query string.
  return { state, pending, form: { ref, onSubmit, noValidate: true, method: "post" } };
}
