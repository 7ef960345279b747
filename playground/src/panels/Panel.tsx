/** A panel of the playground: a titled section, and the notice shown when its capability is missing. */
import type { ReactNode } from 'react';

interface Props {
  id: string;
  title: string;
  intro?: ReactNode;
  children: ReactNode;
}

export function Panel({ id, title, intro, children }: Props) {
  return (
    <section className="panel" id={id} aria-labelledby={`${id}-title`} data-panel={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {intro && <p className="panel-intro">{intro}</p>}
      {children}
    </section>
  );
}

/** Says plainly what the engine does not offer yet, instead of showing made-up results. */
export function MissingCapability({ reason }: { reason: string }) {
  return (
    <p className="missing" role="status">
      <strong>Missing engine capability.</strong> {reason.charAt(0).toUpperCase() + reason.slice(1)}.
    </p>
  );
}
