  WriteRegStr HKCU "Software\Classes\flotilla" "" "URL:Flotilla"
  WriteRegStr HKCU "Software\Classes\flotilla" "URL Protocol" ""
  WriteRegStr HKCU "Software\Classes\flotilla\DefaultIcon" "" "$INSTDIR\bin\flotilla.exe,0"
  WriteRegStr HKCU "Software\Classes\flotilla\shell\open\command" "" '"$INSTDIR\bin\flotilla.exe" "%1"'
