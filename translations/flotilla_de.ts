<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>DiffDocument</name>
    <message>
        <source>%1 → %2 (renamed, %3% similar)</source>
        <translation>%1 → %2 (umbenannt, %3 % ähnlich)</translation>
    </message>
    <message>
        <source>%1 → %2 (copied)</source>
        <translation>%1 → %2 (kopiert)</translation>
    </message>
    <message>
        <source>%1 (new file)</source>
        <translation>%1 (neue Datei)</translation>
    </message>
    <message>
        <source>%1 (deleted)</source>
        <translation>%1 (gelöscht)</translation>
    </message>
    <message>
        <source>%1 (file type changed)</source>
        <translation>%1 (Dateityp geändert)</translation>
    </message>
    <message>
        <source>Binary file: not shown.</source>
        <translation>Binärdatei: nicht angezeigt.</translation>
    </message>
    <message>
        <source>Too large to show here (+%1 −%2 lines). Open the file in an editor.</source>
        <translation>Zu groß für diese Ansicht (+%1 −%2 Zeilen). Öffnen Sie die Datei in einem Editor.</translation>
    </message>
    <message>
        <source>Renamed without changes.</source>
        <translation>Umbenannt ohne Änderungen.</translation>
    </message>
    <message>
        <source>No changes in the content (mode or type only).</source>
        <translation>Keine inhaltlichen Änderungen (nur Modus oder Typ).</translation>
    </message>
    <message>
        <source>%1 more changed files are not shown.</source>
        <translation>%1 weitere geänderte Dateien werden nicht angezeigt.</translation>
    </message>
    <message>
        <source>No newline at end of file</source>
        <translation>Kein Zeilenumbruch am Dateiende</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Flotilla</source>
        <translation>Flotilla</translation>
    </message>
    <message>
        <source>No agents are running.</source>
        <translation>Es laufen keine Agenten.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>&amp;About Flotilla</source>
        <translation>Ü&amp;ber Flotilla</translation>
    </message>
</context>
<context>
    <name>flotilla::CiLogView</name>
    <message>
        <source>[the first %1 KB of the log are left out]
</source>
        <translation>[die ersten %1 KB des Logs sind ausgelassen]
</translation>
    </message>
</context>
<context>
    <name>flotilla::CiPanel</name>
    <message>
        <source>queued</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <source>First error</source>
        <translation>Erster Fehler</translation>
    </message>
    <message>
        <source>Send to agent</source>
        <translation>An den Agenten senden</translation>
    </message>
    <message>
        <source>Sends the selected lines, or the failing step&apos;s excerpt, to the agent.</source>
        <translation>Sendet die markierten Zeilen oder den Auszug des fehlgeschlagenen Schritts an den Agenten.</translation>
    </message>
    <message>
        <source>Open in browser</source>
        <translation>Im Browser öffnen</translation>
    </message>
    <message>
        <source>No checks yet.</source>
        <translation>Noch keine Checks.</translation>
    </message>
    <message>
        <source>Pull request #%1 has no checks.</source>
        <translation>Pull-Request #%1 hat keine Checks.</translation>
    </message>
    <message>
        <source>Pull request #%1: %2 failed, %3 passed, %4 checks in all.</source>
        <translation>Pull-Request #%1: %2 fehlgeschlagen, %3 bestanden, %4 Checks insgesamt.</translation>
    </message>
    <message>
        <source>the kept log is damaged</source>
        <translation>das gespeicherte Log ist beschädigt</translation>
    </message>
    <message>
        <source>Whole log</source>
        <translation>Ganzes Log</translation>
    </message>
    <message>
        <source>Excerpt sent to the agent</source>
        <translation>Auszug, der an den Agenten ging</translation>
    </message>
    <message>
        <source>Excerpt sent to the agent (the whole log: %1)</source>
        <translation>Auszug, der an den Agenten ging (das ganze Log: %1)</translation>
    </message>
    <message>
        <source>No log could be read for this check.</source>
        <translation>Für diesen Check konnte kein Log gelesen werden.</translation>
    </message>
    <message>
        <source>Logs are read for failing checks.</source>
        <translation>Logs werden für fehlgeschlagene Checks gelesen.</translation>
    </message>
</context>
<context>
    <name>flotilla::DecisionModel</name>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>merge?</source>
        <translation>zusammenführen?</translation>
    </message>
    <message>
        <source>keep trying?</source>
        <translation>weiter versuchen?</translation>
    </message>
    <message>
        <source>needs your answer</source>
        <translation>braucht Ihre Antwort</translation>
    </message>
</context>
<context>
    <name>flotilla::DecisionsPanel</name>
    <message>
        <source>&lt;b&gt;Session&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Sitzung&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Issue&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Aufgabe&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Pull request&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Pull-Request&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Failing checks&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Fehlgeschlagene Checks&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Automatic attempts&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Automatische Versuche&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Asked&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Gefragt&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>Nothing waits for you. Questions the agents cannot settle alone appear here.</source>
        <translation>Nichts wartet auf Sie. Fragen, die die Agenten nicht allein klären können, erscheinen hier.</translation>
    </message>
    <message>
        <source>Or write what the agent should do; it gets your words as they are.</source>
        <translation>Oder schreiben Sie, was der Agent tun soll; er bekommt Ihre Worte unverändert.</translation>
    </message>
    <message>
        <source>Show session</source>
        <translation>Sitzung zeigen</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Send answer</source>
        <translation>Antwort senden</translation>
    </message>
    <message>
        <source>Sending your answer…</source>
        <translation>Ihre Antwort wird gesendet…</translation>
    </message>
</context>
<context>
    <name>flotilla::DesktopNotificationCenter</name>
    <message>
        <source>Open PR</source>
        <translation>PR öffnen</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Zeigen</translation>
    </message>
</context>
<context>
    <name>flotilla::DesktopSettingsPage</name>
    <message>
        <source>Follow the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Farbschema</translation>
    </message>
    <message>
        <source>Start Flotilla when I log in</source>
        <translation>Flotilla bei der Anmeldung starten</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Dringend</translation>
    </message>
    <message>
        <source>Needs you</source>
        <translation>Braucht dich</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Information</translation>
    </message>
    <message>
        <source>Desktop notifications</source>
        <translation>Desktop-Benachrichtigungen</translation>
    </message>
    <message>
        <source>the embedded defaults (no configuration file yet)</source>
        <translation>den eingebauten Vorgaben (noch keine Konfigurationsdatei)</translation>
    </message>
    <message>
        <source>Other channels follow notificationRouting in %1:
%2</source>
        <translation>Andere Kanäle folgen notificationRouting in %1:
%2</translation>
    </message>
    <message>
        <source>(nothing routed)</source>
        <translation>(nichts zugeordnet)</translation>
    </message>
    <message>
        <source>Routing</source>
        <translation>Zuordnung</translation>
    </message>
    <message>
        <source>%1 (the port is the configuration&apos;s `port`, or --port)</source>
        <translation>%1 (der Port ist `port` der Konfiguration oder --port)</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
</context>
<context>
    <name>flotilla::DesktopShell</name>
    <message>
        <source>The review of %1 was not saved: %2</source>
        <translation>Das Review von %1 wurde nicht gespeichert: %2</translation>
    </message>
    <message>
        <source>Approved pull request #%1 of %2</source>
        <translation>Pull-Request #%1 von %2 freigegeben</translation>
    </message>
    <message>
        <source>Asked %2 for changes on pull request #%1</source>
        <translation>%2 um Änderungen an Pull-Request #%1 gebeten</translation>
    </message>
    <message>
        <source>%1, line %2</source>
        <translation>%1, Zeile %2</translation>
    </message>
    <message>
        <source>%1, lines %2–%3</source>
        <translation>%1, Zeilen %2–%3</translation>
    </message>
    <message>
        <source>Comment to agent</source>
        <translation>Kommentar an den Agenten</translation>
    </message>
    <message>
        <source>What should the agent change in %1?</source>
        <translation>Was soll der Agent in %1 ändern?</translation>
    </message>
    <message>
        <source>the workspace of %1 is gone</source>
        <translation>der Arbeitsbereich von %1 existiert nicht mehr</translation>
    </message>
    <message>
        <source>Sent to %1</source>
        <translation>An %1 gesendet</translation>
    </message>
    <message>
        <source>The message did not reach %1: %2</source>
        <translation>Die Nachricht hat %1 nicht erreicht: %2</translation>
    </message>
    <message>
        <source>Polling is paused: agents, pull requests and CI are not read.</source>
        <translation>Abfragen sind pausiert: Agenten, Pull-Requests und CI werden nicht gelesen.</translation>
    </message>
    <message>
        <source>Polling resumed.</source>
        <translation>Abfragen fortgesetzt.</translation>
    </message>
    <message>
        <source>Resolved a review thread of %1</source>
        <translation>Einen Review-Thread von %1 aufgelöst</translation>
    </message>
    <message>
        <source>The thread was not resolved: %1</source>
        <translation>Der Thread wurde nicht aufgelöst: %1</translation>
    </message>
    <message>
        <source>project %1 has no issue tracker</source>
        <translation>Projekt %1 hat keinen Issue-Tracker</translation>
    </message>
    <message numerus="yes">
        <source>Started %n agent(s)</source>
        <translation>
            <numerusform>%n Agent gestartet</numerusform>
            <numerusform>%n Agenten gestartet</numerusform>
        </translation>
    </message>
    <message>
        <source>Started %1, %2 failed (the spawn dialog says why)</source>
        <translation>%1 gestartet, %2 fehlgeschlagen (der Startdialog sagt, warum)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation>Nicht angewendet: %1</translation>
    </message>
    <message>
        <source>The answer was not applied: %1</source>
        <translation>Die Antwort wurde nicht angewendet: %1</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>niemand</translation>
    </message>
    <message>
        <source>The history of %1 could not be read: %2</source>
        <translation>Der Verlauf von %1 konnte nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>flotilla::DiffCanvas</name>
    <message>
        <source>Comment to agent…</source>
        <translation>Kommentar an den Agenten…</translation>
    </message>
    <message>
        <source>Copy lines</source>
        <translation>Zeilen kopieren</translation>
    </message>
</context>
<context>
    <name>flotilla::DiffView</name>
    <message>
        <source>Unified</source>
        <translation>Einheitlich</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>Nebeneinander</translation>
    </message>
    <message>
        <source>Comment to agent…</source>
        <translation>Kommentar an den Agenten…</translation>
    </message>
    <message>
        <source>Pick lines in the diff, then tell the agent what to change there.</source>
        <translation>Wählen Sie Zeilen im Diff und sagen Sie dem Agenten, was er dort ändern soll.</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>%1 (was %2)</source>
        <translation>%1 (vorher %2)</translation>
    </message>
    <message>
        <source>No changes against %1.</source>
        <translation>Keine Änderungen gegenüber %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) changed against %1, +%2 −%3</source>
        <translation>
            <numerusform>%n Datei gegenüber %1 geändert, +%2 −%3</numerusform>
            <numerusform>%n Dateien gegenüber %1 geändert, +%2 −%3</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>flotilla::FleetModel</name>
    <message>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>untätig</translation>
    </message>
    <message>
        <source>waiting for input</source>
        <translation>wartet auf Eingabe</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>blockiert</translation>
    </message>
    <message>
        <source>exited</source>
        <translation>beendet</translation>
    </message>
    <message>
        <source>#%1 merged</source>
        <translation>#%1 zusammengeführt</translation>
    </message>
    <message>
        <source>#%1 closed</source>
        <translation>#%1 geschlossen</translation>
    </message>
    <message>
        <source>#%1 draft</source>
        <translation>#%1 Entwurf</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>PR</source>
        <translation>PR</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Aktivität</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>Branch</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Project %1, agent %2</source>
        <translation>Projekt %1, Agent %2</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 T</translation>
    </message>
    <message>
        <source>spawning</source>
        <translation>startet</translation>
    </message>
    <message>
        <source>working</source>
        <translation>arbeitet</translation>
    </message>
    <message>
        <source>PR open</source>
        <translation>PR offen</translation>
    </message>
    <message>
        <source>CI failed</source>
        <translation>CI fehlgeschlagen</translation>
    </message>
    <message>
        <source>changes requested</source>
        <translation>Änderungen gewünscht</translation>
    </message>
    <message>
        <source>review pending</source>
        <translation>Review ausstehend</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>freigegeben</translation>
    </message>
    <message>
        <source>ready to merge</source>
        <translation>bereit zum Zusammenführen</translation>
    </message>
    <message>
        <source>merged</source>
        <translation>zusammengeführt</translation>
    </message>
    <message>
        <source>needs you</source>
        <translation>braucht dich</translation>
    </message>
    <message>
        <source>stuck</source>
        <translation>hängt</translation>
    </message>
    <message>
        <source>checking</source>
        <translation>wird geprüft</translation>
    </message>
    <message>
        <source>over budget</source>
        <translation>über Budget</translation>
    </message>
    <message>
        <source>errored</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>killed</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>cleaned up</source>
        <translation>aufgeräumt</translation>
    </message>
    <message>
        <source>terminated</source>
        <translation>beendet</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>passing</source>
        <translation>grün</translation>
    </message>
    <message>
        <source>failing</source>
        <translation>rot</translation>
    </message>
    <message>
        <source>no checks</source>
        <translation>keine Checks</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>noch keins</translation>
    </message>
    <message>
        <source>CI</source>
        <translation>CI</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>Changes the same files as:</source>
        <translation>Ändert dieselben Dateien wie:</translation>
    </message>
    <message>
        <source>Orchestrator of %1</source>
        <translation>Orchestrator von %1</translation>
    </message>
    <message>
        <source>Orchestrator of project %1 (agent %2): it plans the work and steers the project&apos;s agents. Pick it to talk to it.</source>
        <translation>Orchestrator des Projekts %1 (Agent %2): plant die Arbeit und steuert die Agenten des Projekts. Wählen Sie ihn aus, um mit ihm zu sprechen.</translation>
    </message>
</context>
<context>
    <name>flotilla::MainWindow</name>
    <message>
        <source>The local API listens on %1. Use `flo status` in a terminal to check on the fleet.</source>
        <translation>Die lokale API lauscht auf %1. Mit `flo status` im Terminal sehen Sie den Zustand der Flotte.</translation>
    </message>
    <message>
        <source>Listening on %1</source>
        <translation>Lauscht auf %1</translation>
    </message>
    <message>
        <source>About Flotilla</source>
        <translation>Über Flotilla</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Flotilla %1&lt;/h3&gt;&lt;p&gt;Runs fleets of AI coding agents, each in its own git worktree, and asks you only when a decision is yours.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Flotilla %1&lt;/h3&gt;&lt;p&gt;Führt Flotten von KI-Programmieragenten aus, jeden in seinem eigenen Git-Worktree, und fragt Sie nur, wenn eine Entscheidung bei Ihnen liegt.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Filter by session, issue, branch or status</source>
        <translation>Nach Sitzung, Aufgabe, Branch oder Status filtern</translation>
    </message>
    <message>
        <source>Approve pull request #%1</source>
        <translation>Pull-Request #%1 freigeben</translation>
    </message>
    <message>
        <source>Request changes on #%1…</source>
        <translation>Änderungen an #%1 anfordern…</translation>
    </message>
    <message>
        <source>Open pull request</source>
        <translation>Pull-Request öffnen</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Spawn &amp;Agents…</source>
        <translation>&amp;Agenten starten…</translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation>Entscheidungen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Decisions (%1)</source>
        <translation>Entscheidungen (%1)</translation>
    </message>
    <message>
        <source>Notification &amp;History…</source>
        <translation>Benachrichtigungs&amp;verlauf…</translation>
    </message>
    <message>
        <source>Open &amp;Dashboard in the Browser</source>
        <translation>&amp;Dashboard im Browser öffnen</translation>
    </message>
    <message>
        <source>&amp;Project</source>
        <translation>&amp;Projekt</translation>
    </message>
    <message>
        <source>No project is configured</source>
        <translation>Kein Projekt ist konfiguriert</translation>
    </message>
</context>
<context>
    <name>flotilla::NotificationHistory</name>
    <message>
        <source>Notification History</source>
        <translation>Benachrichtigungsverlauf</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Notification</source>
        <translation>Benachrichtigung</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Wartet auf Versand</translation>
    </message>
    <message>
        <source>Sending (attempt %1)</source>
        <translation>Wird gesendet (Versuch %1)</translation>
    </message>
    <message>
        <source>Delivered %1</source>
        <translation>Zugestellt %1</translation>
    </message>
    <message>
        <source>Retrying %1 after: %2 (attempt %3)</source>
        <translation>Neuer Versuch %1 nach: %2 (Versuch %3)</translation>
    </message>
    <message>
        <source>Given up: %1</source>
        <translation>Aufgegeben: %1</translation>
    </message>
    <message>
        <source>The history could not be read: %1</source>
        <translation>Der Verlauf konnte nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>flotilla::OrchestratorChat</name>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>You (dashboard)</source>
        <translation>Sie (Dashboard)</translation>
    </message>
    <message>
        <source>You (flo)</source>
        <translation>Sie (flo)</translation>
    </message>
    <message>
        <source>The conversation could not be read: %1</source>
        <translation>Das Gespräch konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>reading the screen of %1</source>
        <translation>Lesen des Bildschirms von %1</translation>
    </message>
    <message>
        <source>No output from %1: %2</source>
        <translation>Keine Ausgabe von %1: %2</translation>
    </message>
    <message>
        <source>The orchestrator is not shown any more; pick it again.</source>
        <translation>Der Orchestrator wird nicht mehr angezeigt; wählen Sie ihn erneut aus.</translation>
    </message>
    <message>
        <source>sending to %1</source>
        <translation>Senden an %1</translation>
    </message>
    <message>
        <source>Delivered to %1</source>
        <translation>An %1 zugestellt</translation>
    </message>
    <message>
        <source>The message did not reach %1: %2</source>
        <translation>Die Nachricht hat %1 nicht erreicht: %2</translation>
    </message>
</context>
<context>
    <name>flotilla::OrchestratorControls</name>
    <message>
        <source>The orchestrator of %1 is %2: %3</source>
        <translation>Der Orchestrator von %1 ist %2: %3</translation>
    </message>
    <message>
        <source>The orchestrator of %1 did not start: %2</source>
        <translation>Der Orchestrator von %1 wurde nicht gestartet: %2</translation>
    </message>
    <message>
        <source>Orchestrator not started</source>
        <translation>Orchestrator nicht gestartet</translation>
    </message>
    <message>
        <source>The event log has the details. Fix the project&apos;s configuration or agent, then start it again from the project&apos;s menu.</source>
        <translation>Die Einzelheiten stehen im Ereignisprotokoll. Korrigieren Sie die Konfiguration oder den Agenten des Projekts und starten Sie ihn dann erneut über das Menü des Projekts.</translation>
    </message>
    <message>
        <source>%1 verified and closed</source>
        <translation>%1 geprüft und geschlossen</translation>
    </message>
    <message>
        <source>%1 failed verification and is open again</source>
        <translation>%1 hat die Prüfung nicht bestanden und ist wieder offen</translation>
    </message>
</context>
<context>
    <name>flotilla::OrchestratorPanel</name>
    <message>
        <source>Start &amp;Again</source>
        <translation>&amp;Erneut starten</translation>
    </message>
    <message>
        <source>This orchestrator has ended; bring it back (or start a fresh one, as the project&apos;s configuration says).</source>
        <translation>Dieser Orchestrator ist beendet; holen Sie ihn zurück (oder starten Sie einen neuen, wie es die Konfiguration des Projekts vorsieht).</translation>
    </message>
    <message>
        <source>Nothing said yet. Tell the orchestrator what the project needs: it plans the work and starts and steers the agents.</source>
        <translation>Noch nichts gesagt. Sagen Sie dem Orchestrator, was das Projekt braucht: Er plant die Arbeit und startet und steuert die Agenten.</translation>
    </message>
    <message>
        <source>The orchestrator&apos;s terminal as last read: its answers show here.</source>
        <translation>Das Terminal des Orchestrators, wie zuletzt gelesen: Hier erscheinen seine Antworten.</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Gespräch</translation>
    </message>
    <message>
        <source>The agent&apos;s screen</source>
        <translation>Bildschirm des Agenten</translation>
    </message>
    <message>
        <source>Message to the orchestrator (Ctrl+Enter sends)</source>
        <translation>Nachricht an den Orchestrator (Strg+Eingabe sendet)</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · orchestrator of %2 · %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · Orchestrator von %2 · %3</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <source>sending…</source>
        <translation>wird gesendet…</translation>
    </message>
    <message>
        <source>Not delivered: %1</source>
        <translation>Nicht zugestellt: %1</translation>
    </message>
</context>
<context>
    <name>flotilla::OrchestratorStarter</name>
    <message>
        <source>already running</source>
        <translation>läuft bereits</translation>
    </message>
    <message>
        <source>brought back</source>
        <translation>zurückgeholt</translation>
    </message>
    <message>
        <source>started afresh</source>
        <translation>neu gestartet</translation>
    </message>
    <message>
        <source>started</source>
        <translation>gestartet</translation>
    </message>
    <message>
        <source>Starting the orchestrator of %1…</source>
        <translation>Der Orchestrator von %1 wird gestartet…</translation>
    </message>
    <message>
        <source>starting the orchestrator of %1</source>
        <translation>Starten des Orchestrators von %1</translation>
    </message>
    <message>
        <source>Starting the orchestrator of %1: %2…</source>
        <translation>Der Orchestrator von %1 wird gestartet: %2…</translation>
    </message>
</context>
<context>
    <name>flotilla::ProjectSidebar</name>
    <message>
        <source>%1 waiting</source>
        <translation>%1 wartend</translation>
    </message>
    <message>
        <source>All projects</source>
        <translation>Alle Projekte</translation>
    </message>
    <message>
        <source>Starting the orchestrator…</source>
        <translation>Der Orchestrator wird gestartet…</translation>
    </message>
    <message>
        <source>Talk to the &amp;Orchestrator</source>
        <translation>Mit dem &amp;Orchestrator sprechen</translation>
    </message>
    <message>
        <source>Start the &amp;Orchestrator</source>
        <translation>&amp;Orchestrator starten</translation>
    </message>
    <message>
        <source>An agent that plans the project&apos;s work and starts and steers its agents.</source>
        <translation>Ein Agent, der die Arbeit des Projekts plant und dessen Agenten startet und steuert.</translation>
    </message>
    <message>
        <source>&amp;Verify Merged Work…</source>
        <translation>Zusammengeführte Arbeit &amp;prüfen…</translation>
    </message>
    <message>
        <source>starting orchestrator…</source>
        <translation>Orchestrator wird gestartet…</translation>
    </message>
</context>
<context>
    <name>flotilla::ReviewDialog</name>
    <message>
        <source>Request changes on #%1 (%2)</source>
        <translation>Änderungen an #%1 anfordern (%2)</translation>
    </message>
    <message>
        <source>What should the agent change?</source>
        <translation>Was soll der Agent ändern?</translation>
    </message>
    <message>
        <source>Line comments, one per line as path:line: text (optional)</source>
        <translation>Zeilenkommentare, einer pro Zeile als Pfad:Zeile: Text (optional)</translation>
    </message>
    <message>
        <source>src/cart.sh:12: handle an empty cart</source>
        <translation>src/cart.sh:12: leeren Warenkorb behandeln</translation>
    </message>
    <message>
        <source>Request changes</source>
        <translation>Änderungen anfordern</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <source>Say what should change: a summary or at least one line comment.</source>
        <translation>Sag, was sich ändern soll: eine Zusammenfassung oder mindestens ein Zeilenkommentar.</translation>
    </message>
</context>
<context>
    <name>flotilla::ReviewsPanel</name>
    <message>
        <source>(whole pull request)</source>
        <translation>(ganzer Pull-Request)</translation>
    </message>
    <message>
        <source>Resolve thread</source>
        <translation>Thread auflösen</translation>
    </message>
    <message>
        <source>Ask agent to fix</source>
        <translation>Agent beheben lassen</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>No review comments.</source>
        <translation>Keine Review-Kommentare.</translation>
    </message>
    <message>
        <source>%1 (bot)</source>
        <translation>%1 (Bot)</translation>
    </message>
    <message>
        <source>changes requested</source>
        <translation>Änderungen gewünscht</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>freigegeben</translation>
    </message>
    <message>
        <source>review pending</source>
        <translation>Review ausstehend</translation>
    </message>
    <message>
        <source>Pull request #%1: %2, no open comments.</source>
        <translation>Pull-Request #%1: %2, keine offenen Kommentare.</translation>
    </message>
    <message numerus="yes">
        <source>Pull request #%1: %2, %n open comment(s).</source>
        <translation>
            <numerusform>Pull-Request #%1: %2, %n offener Kommentar.</numerusform>
            <numerusform>Pull-Request #%1: %2, %n offene Kommentare.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>flotilla::SessionDetail</name>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Diff</source>
        <translation>Diff</translation>
    </message>
    <message>
        <source>Pick a session in the table to see its details.</source>
        <translation>Wählen Sie eine Sitzung in der Tabelle, um ihre Details zu sehen.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>Branch</translation>
    </message>
    <message>
        <source>Pull request</source>
        <translation>Pull-Request</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Commits as</source>
        <translation>Committet als</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Arbeitsbereich</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>Letzte Änderung</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Agent&apos;s summary</source>
        <translation>Zusammenfassung des Agenten</translation>
    </message>
    <message>
        <source>Reading the workspace&apos;s changes…</source>
        <translation>Die Änderungen im Arbeitsbereich werden gelesen…</translation>
    </message>
    <message>
        <source>No diff: %1</source>
        <translation>Kein Diff: %1</translation>
    </message>
    <message>
        <source>CI</source>
        <translation>CI</translation>
    </message>
    <message>
        <source>The pull request&apos;s checks are not read yet.</source>
        <translation>Die Checks des Pull-Requests sind noch nicht gelesen.</translation>
    </message>
    <message>
        <source>No pull request yet.</source>
        <translation>Noch kein Pull-Request.</translation>
    </message>
    <message>
        <source>Reviews</source>
        <translation>Reviews</translation>
    </message>
    <message>
        <source>The pull request&apos;s reviews are not read yet.</source>
        <translation>Die Reviews des Pull-Requests sind noch nicht gelesen.</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
</context>
<context>
    <name>flotilla::SessionTimeline</name>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Was geschah</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Durch</translation>
    </message>
</context>
<context>
    <name>flotilla::SettingsDialog</name>
    <message>
        <source>Flotilla settings</source>
        <translation>Flotilla-Einstellungen</translation>
    </message>
    <message>
        <source>Tokens and keys are kept in your system&apos;s keychain, never in a file. A stored one is not shown again; type a new one to replace it.</source>
        <translation>Tokens und Schlüssel liegen im Schlüsselbund Ihres Systems, nie in einer Datei. Ein gespeicherter wird nicht wieder angezeigt; geben Sie einen neuen ein, um ihn zu ersetzen.</translation>
    </message>
    <message>
        <source>GitHub token</source>
        <translation>GitHub-Token</translation>
    </message>
    <message>
        <source>A token with Contents, Pull requests, Issues, Checks and Actions access</source>
        <translation>Ein Token mit Zugriff auf Contents, Pull requests, Issues, Checks und Actions</translation>
    </message>
    <message>
        <source>Linear API key</source>
        <translation>Linear-API-Schlüssel</translation>
    </message>
    <message>
        <source>Settings → API in Linear</source>
        <translation>Einstellungen → API in Linear</translation>
    </message>
    <message>
        <source>Ravi API key</source>
        <translation>Ravi-API-Schlüssel</translation>
    </message>
    <message>
        <source>The management key of your Ravi account</source>
        <translation>Der Verwaltungsschlüssel Ihres Ravi-Kontos</translation>
    </message>
    <message>
        <source>Checking the keychain…</source>
        <translation>Schlüsselbund wird geprüft…</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>Nicht gesetzt</translation>
    </message>
    <message>
        <source>Stored in the keychain</source>
        <translation>Im Schlüsselbund gespeichert</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>The keychain is not available, so nothing can be saved: %1</source>
        <translation>Der Schlüsselbund ist nicht verfügbar, daher kann nichts gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Konten</translation>
    </message>
    <message>
        <source>Desktop</source>
        <translation>Desktop</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
</context>
<context>
    <name>flotilla::SpawnDialog</name>
    <message>
        <source>reading the project</source>
        <translation>Projekt wird gelesen</translation>
    </message>
    <message>
        <source>reading the issue</source>
        <translation>Aufgabe wird gelesen</translation>
    </message>
    <message>
        <source>reading the pull request</source>
        <translation>Pull-Request wird gelesen</translation>
    </message>
    <message>
        <source>creating the worktree</source>
        <translation>Worktree wird angelegt</translation>
    </message>
    <message>
        <source>starting the agent</source>
        <translation>Agent wird gestartet</translation>
    </message>
    <message>
        <source>handing over the task</source>
        <translation>Aufgabe wird übergeben</translation>
    </message>
    <message>
        <source>running %1</source>
        <translation>%1 läuft</translation>
    </message>
    <message>
        <source>Spawn agents</source>
        <translation>Agenten starten</translation>
    </message>
    <message>
        <source>the configuration&apos;s model</source>
        <translation>das Modell der Konfiguration</translation>
    </message>
    <message>
        <source>&amp;Project:</source>
        <translation>&amp;Projekt:</translation>
    </message>
    <message>
        <source>&amp;Agent:</source>
        <translation>&amp;Agent:</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>Search the project&apos;s open issues</source>
        <translation>Offene Aufgaben des Projekts durchsuchen</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>&amp;Instructions for each agent (or, with no issue picked, the whole task):</source>
        <translation>&amp;Anweisungen für jeden Agenten (oder, ohne gewählte Aufgabe, die ganze Aufgabe):</translation>
    </message>
    <message>
        <source>%v of %m answered</source>
        <translation>%v von %m beantwortet</translation>
    </message>
    <message>
        <source>Spawn</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>No project is configured; add one to the configuration first.</source>
        <translation>Kein Projekt ist konfiguriert; fügen Sie zuerst eines zur Konfiguration hinzu.</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche…</translation>
    </message>
    <message>
        <source>the tracker</source>
        <translation>der Tracker</translation>
    </message>
    <message>
        <source>The tracker did not answer: %1</source>
        <translation>Der Tracker hat nicht geantwortet: %1</translation>
    </message>
    <message>
        <source>%1 works on it</source>
        <translation>%1 arbeitet daran</translation>
    </message>
    <message>
        <source>No open issue matches.</source>
        <translation>Keine offene Aufgabe passt.</translation>
    </message>
    <message numerus="yes">
        <source>%n open issue(s)</source>
        <translation>
            <numerusform>%n offene Aufgabe</numerusform>
            <numerusform>%n offene Aufgaben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Spawn %n agent(s)</source>
        <translation>
            <numerusform>%n Agenten starten</numerusform>
            <numerusform>%n Agenten starten</numerusform>
        </translation>
    </message>
    <message>
        <source>(task)</source>
        <translation>(Aufgabe)</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>the spawn</source>
        <translation>der Start</translation>
    </message>
    <message>
        <source>%1…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <source>started %1</source>
        <translation>%1 gestartet</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>flotilla::TerminalController</name>
    <message>
        <source>No output from %1: %2</source>
        <translation>Keine Ausgabe von %1: %2</translation>
    </message>
    <message>
        <source>Pick a session first.</source>
        <translation>Bitte zuerst eine Sitzung auswählen.</translation>
    </message>
    <message>
        <source>Sent to %1</source>
        <translation>An %1 gesendet</translation>
    </message>
    <message>
        <source>The message did not reach %1: %2</source>
        <translation>Die Nachricht hat %1 nicht erreicht: %2</translation>
    </message>
    <message>
        <source>Opened %1 in your terminal</source>
        <translation>%1 im Terminal geöffnet</translation>
    </message>
    <message>
        <source>%1 did not open in a terminal: %2</source>
        <translation>%1 ließ sich nicht im Terminal öffnen: %2</translation>
    </message>
</context>
<context>
    <name>flotilla::TerminalPanel</name>
    <message>
        <source>Message to the agent (Ctrl+Enter sends)</source>
        <translation>Nachricht an den Agenten (Strg+Eingabe sendet)</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <source>Open in &amp;Terminal</source>
        <translation>Im &amp;Terminal öffnen</translation>
    </message>
    <message>
        <source>Attach your own terminal to the agent&apos;s session; closing it leaves the agent running.</source>
        <translation>Das eigene Terminal an die Sitzung des Agenten anhängen; Schließen lässt den Agenten weiterlaufen.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
</context>
<context>
    <name>flotilla::TrayIcon</name>
    <message>
        <source>Flotilla — nothing needs you</source>
        <translation>Flotilla — nichts wartet auf Sie</translation>
    </message>
    <message>
        <source>Show Flotilla</source>
        <translation>Flotilla anzeigen</translation>
    </message>
    <message>
        <source>Quit Flotilla</source>
        <translation>Flotilla beenden</translation>
    </message>
    <message numerus="yes">
        <source>Flotilla — %n session(s) need you</source>
        <translation>
            <numerusform>Flotilla — %n Sitzung braucht dich</numerusform>
            <numerusform>Flotilla — %n Sitzungen brauchen dich</numerusform>
        </translation>
    </message>
    <message>
        <source>Pause polling</source>
        <translation>Abfragen pausieren</translation>
    </message>
    <message>
        <source>Stops reading agents, pull requests and CI until resumed.</source>
        <translation>Liest Agenten, Pull-Requests und CI nicht mehr, bis fortgesetzt wird.</translation>
    </message>
    <message>
        <source>Polling is paused</source>
        <translation>Abfragen sind pausiert</translation>
    </message>
    <message>
        <source>Resume polling</source>
        <translation>Abfragen fortsetzen</translation>
    </message>
    <message>
        <source>%1 — %2 · #%3</source>
        <translation>%1 — %2 · #%3</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Open pull request #%1</source>
        <translation>Pull-Request #%1 öffnen</translation>
    </message>
    <message>
        <source>Show in Flotilla</source>
        <translation>In Flotilla zeigen</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more in the window</source>
        <translation>
            <numerusform>… und %n weitere im Fenster</numerusform>
            <numerusform>… und %n weitere im Fenster</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing needs you</source>
        <translation>Nichts braucht Sie</translation>
    </message>
    <message>
        <source>Open Dashboard in the Browser</source>
        <translation>Dashboard im Browser öffnen</translation>
    </message>
</context>
<context>
    <name>flotilla::VerifyDialog</name>
    <message>
        <source>Verify merged work — %1</source>
        <translation>Zusammengeführte Arbeit prüfen — %1</translation>
    </message>
    <message>
        <source>Verification failed</source>
        <translation>Prüfung nicht bestanden</translation>
    </message>
    <message>
        <source>What is wrong with the merged work for %1? The issue is reopened with this comment.</source>
        <translation>Was stimmt mit der zusammengeführten Arbeit für %1 nicht? Die Aufgabe wird mit diesem Kommentar wieder geöffnet.</translation>
    </message>
    <message>
        <source>These issues&apos; pull requests have merged. Check that each does what it asked, then say whether it passed.</source>
        <translation>Die Pull-Requests dieser Aufgaben sind zusammengeführt. Prüfen Sie, ob jede tut, was verlangt war, und sagen Sie dann, ob sie bestanden hat.</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>Zusammengeführt</translation>
    </message>
    <message>
        <source>&amp;Verified</source>
        <translation>&amp;Geprüft</translation>
    </message>
    <message>
        <source>The merged work does what the issue asked: close the issue.</source>
        <translation>Die zusammengeführte Arbeit tut, was die Aufgabe verlangt: Aufgabe schließen.</translation>
    </message>
    <message>
        <source>&amp;Failed…</source>
        <translation>&amp;Nicht bestanden…</translation>
    </message>
    <message>
        <source>It does not: reopen the issue with a comment saying what is wrong.</source>
        <translation>Sie tut es nicht: Aufgabe mit einem Kommentar, was nicht stimmt, wieder öffnen.</translation>
    </message>
    <message>
        <source>&amp;Open Issue</source>
        <translation>Aufgabe ö&amp;ffnen</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Reading the issues that wait for verification…</source>
        <translation>Die Aufgaben, die auf Prüfung warten, werden gelesen…</translation>
    </message>
    <message>
        <source>the issue tracker</source>
        <translation>der Issue-Tracker</translation>
    </message>
    <message>
        <source>The issues could not be read: %1</source>
        <translation>Die Aufgaben konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Nothing in %1 waits for verification.</source>
        <translation>In %1 wartet nichts auf Prüfung.</translation>
    </message>
    <message numerus="yes">
        <source>%n issue(s) wait for verification.</source>
        <translation>
            <numerusform>%n Aufgabe wartet auf Prüfung.</numerusform>
            <numerusform>%n Aufgaben warten auf Prüfung.</numerusform>
        </translation>
    </message>
    <message>
        <source>Marking %1 as verified…</source>
        <translation>%1 wird als geprüft markiert…</translation>
    </message>
    <message>
        <source>Reopening %1…</source>
        <translation>%1 wird wieder geöffnet…</translation>
    </message>
    <message>
        <source>%1 was not updated: %2</source>
        <translation>%1 wurde nicht aktualisiert: %2</translation>
    </message>
    <message>
        <source>%1 is verified and closed.</source>
        <translation>%1 ist geprüft und geschlossen.</translation>
    </message>
    <message>
        <source>%1 failed verification and is open again.</source>
        <translation>%1 hat die Prüfung nicht bestanden und ist wieder offen.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Flotilla cannot start</source>
        <translation>Flotilla kann nicht starten</translation>
    </message>
</context>
</TS>
