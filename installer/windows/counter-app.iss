; Inno Setup 6 script: installs the Windows PyInstaller bundle of counter-app.
;
; Build on Windows (not possible on the Linux build machine; see docs/operations.md §1.2):
;   .venv\Scripts\pyinstaller --noconfirm --distpath dist --workpath build\pyinstaller installer\counter-app.spec
;   for /f %v in ('.venv\Scripts\python -c "import counter_app; print(counter_app.__version__)"') do iscc /DAppVersion=%v installer\windows\counter-app.iss
; Output: dist\counter-app-<version>-setup.exe
;
; What it does: the bundle goes to C:\Program Files\counter-app; the commented system
; configuration template goes to C:\ProgramData\counter-app\config.toml (only when absent,
; never removed: it is the administrator's file); the machine-wide environment variable
; COUNTER_APP_SYSTEM_CONFIG points the program at it, because Windows has no /etc.
; Each Windows user's state (database, key, logs) stays in %LOCALAPPDATA%\counter-app.
;
; Silent install with IT's provisioning file (docs/operations.md §3.1), no questions asked:
;   counter-app-<version>-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /PROVISION=\\it\w03.toml
; The file is copied to C:\ProgramData\counter-app\provision.toml (readable by the window's
; users, writable only by administrators: a user who could rewrite it could point the first
; start at another platform; the used code left in it is refused by the platform and never
; used again by an enrolled window) and the machine-wide
; variable COUNTER_APP_PROVISION_FILE points the program at it; the window's first start
; provisions from it. Without /PROVISION the first start asks IT (首次启动).

#ifndef AppVersion
  #error Pass the release, counter_app.__version__, as /DAppVersion=... (docs/operations.md 1.2): a setup.exe numbered otherwise would not replace the installed one.
#endif
#define BundleDir "..\..\dist\counter-app"
#define SystemConfigDir "{commonappdata}\counter-app"

[Setup]
AppId={{6B0F4F1E-3C2A-4D7B-9A51-2C8E7D1B5A90}
AppName=一网通办窗口受理 (counter-app)
AppVersion={#AppVersion}
AppPublisher=counter-app
DefaultDirName={autopf}\counter-app
DefaultGroupName=一网通办窗口受理
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
PrivilegesRequired=admin
ChangesEnvironment=yes
OutputDir=..\..\dist
OutputBaseFilename=counter-app-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\counter-app-gui.exe
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
; Simplified Chinese is an unofficial Inno Setup translation: used when it is installed.
#ifexist AddBackslash(CompilerPath) + "Languages\Unofficial\ChineseSimplified.isl"
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\Unofficial\ChineseSimplified.isl"
#endif

[Dirs]
Name: "{#SystemConfigDir}"; Permissions: users-readexec

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\provisioning\config.toml.example"; DestDir: "{#SystemConfigDir}"; DestName: "config.toml"; Flags: onlyifdoesntexist uninsneveruninstall
Source: "..\..\docs\operations.md"; DestDir: "{app}\doc"; Flags: ignoreversion
Source: "{param:PROVISION}"; DestDir: "{#SystemConfigDir}"; DestName: "provision.toml"; Flags: external uninsneveruninstall; Check: HasProvisionFile

[Registry]
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: expandsz; ValueName: "COUNTER_APP_SYSTEM_CONFIG"; ValueData: "{#SystemConfigDir}\config.toml"; Flags: uninsdeletevalue
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: expandsz; ValueName: "COUNTER_APP_PROVISION_FILE"; ValueData: "{#SystemConfigDir}\provision.toml"; Flags: uninsdeletevalue

[Icons]
Name: "{group}\一网通办窗口受理"; Filename: "{app}\counter-app-gui.exe"; WorkingDir: "{app}"
Name: "{group}\窗口受理系统（培训）"; Filename: "{app}\counter-app-gui.exe"; Parameters: "--training"; WorkingDir: "{app}"
Name: "{group}\工作站自检 (counter-app doctor)"; Filename: "{cmd}"; Parameters: "/k ""{app}\counter-app.exe"" doctor"; WorkingDir: "{app}"
Name: "{group}\系统配置 (config.toml)"; Filename: "notepad.exe"; Parameters: """{#SystemConfigDir}\config.toml"""
Name: "{autodesktop}\一网通办窗口受理"; Filename: "{app}\counter-app-gui.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Run]
Filename: "{app}\counter-app-gui.exe"; Description: "{cm:LaunchProgram,一网通办窗口受理}"; Flags: postinstall nowait skipifsilent

[Code]
function HasProvisionFile: Boolean;
begin
  Result := ExpandConstant('{param:PROVISION|}') <> '';
end;
