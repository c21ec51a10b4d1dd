  DeleteRegKey HKCU "Software\Classes\flotilla"
  DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Run" "Flotilla"
