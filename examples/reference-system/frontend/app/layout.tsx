import type { Metadata } from "next";
import Link from "next/link";

import HealthBadge from "@/components/HealthBadge";
import StatusBar from "@/components/StatusBar";

import "./globals.css";

export const metadata: Metadata = {
  title: "Pulse Analytics",
  description: "Product analytics: events, patterns and workflows",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header>
          <nav>
            <Link href="/">Pulse</Link> · <Link href="/dashboard">Dashboard</Link>
          </nav>
          <HealthBadge />
        </header>
        <main>{children}</main>
        <StatusBar />
      </body>
    </html>
  );
}
