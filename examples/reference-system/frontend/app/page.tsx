import Link from "next/link";

export default function HomePage() {
  return (
    <section className="hero">
      <h1>Know what your users do, as they do it.</h1>
      <p>
        Pulse ingests product events, finds the patterns that matter and runs workflows when they
        happen.
      </p>
      <Link className="cta" href="/dashboard">
        Open the dashboard
      </Link>
    </section>
  );
}
