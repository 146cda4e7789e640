@echo off
rem Daily run of cchc for Windows Task Scheduler: runs "cchc run" on one workspace and appends everything it
rem prints (and its exit code) to output\cchc-hang-ngay.log in that workspace.
rem   cchc-hang-ngay.cmd D:\cchc
rem   cchc-hang-ngay.cmd \\may-chu\cchc          (a UNC path: mapped drives are not visible to scheduled tasks)
rem Without an argument the workspace is the current folder. CCHC_NODE may name node.exe when it is not on PATH.
setlocal
set "CCHC_HOME=%~dp0.."
if "%~1"=="" (set "CCHC_ROOT=%CD%") else (set "CCHC_ROOT=%~1")
rem A trailing backslash would escape the closing quote of "%CCHC_ROOT%" for node: D:\cchc\ becomes D:\cchc\.
if "%CCHC_ROOT:~-1%"=="\" set "CCHC_ROOT=%CCHC_ROOT%."
if not defined CCHC_NODE set "CCHC_NODE=node"
if not exist "%CCHC_ROOT%\output\" mkdir "%CCHC_ROOT%\output"
set "CCHC_LOG=%CCHC_ROOT%\output\cchc-hang-ngay.log"
>>"%CCHC_LOG%" echo ==== %DATE% %TIME% cchc run --root "%CCHC_ROOT%"
"%CCHC_NODE%" "%CCHC_HOME%\bin\cchc.js" run --root "%CCHC_ROOT%" --quiet >>"%CCHC_LOG%" 2>&1
set "CCHC_EXIT=%ERRORLEVEL%"
>>"%CCHC_LOG%" echo ==== exit code %CCHC_EXIT%
endlocal & exit /b %CCHC_EXIT%
