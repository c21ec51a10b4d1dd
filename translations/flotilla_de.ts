<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
</context>
<context>
    <name>main</name>
    <message>
        <source>Flotilla cannot start</source>
        <translation>Flotilla kann nicht starten</translation>
    </message>
</context>
</TS>
